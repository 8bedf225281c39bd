-- case: bigserial primary key
CREATE TABLE threat_indicators (id bigserial PRIMARY KEY, value text);
-- safe:
CREATE TABLE threat_indicators (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, value text);
