-- case: timestamp without time zone
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, happened_at timestamp NOT NULL);
-- safe:
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, happened_at timestamptz NOT NULL);

-- case: type changed to timestamp on a new table
CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz);
ALTER TABLE audit ALTER COLUMN at TYPE timestamp without time zone;
-- safe:
CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz);
