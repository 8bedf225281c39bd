-- revision: 7a1e0c9d4b2f
-- revises:
-- message: search with pg_trgm and citext

-- retort:upgrade
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE organisations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email citext NOT NULL UNIQUE,
  name text NOT NULL
);
CREATE INDEX organisations_name_trgm ON organisations USING gin (name gin_trgm_ops);

-- retort:downgrade
DROP TABLE organisations;
DROP EXTENSION IF EXISTS pg_trgm;
DROP EXTENSION IF EXISTS citext;
