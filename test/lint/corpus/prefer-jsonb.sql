-- case: json column
CREATE TABLE reports (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload json);
-- safe:
CREATE TABLE reports (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);

-- case: json column added
ALTER TABLE grants ADD COLUMN metadata json;
-- safe:
ALTER TABLE grants ADD COLUMN metadata jsonb;
