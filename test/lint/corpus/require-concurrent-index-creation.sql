-- case: plain index on an existing table
CREATE INDEX grants_user_id_idx ON grants (user_id);
-- safe:
CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id);

-- case: unique index on an existing table
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));
-- safe:
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (lower(email));

-- case: partial index with schema-qualified table
CREATE INDEX active_grants_idx ON public.grants (deadline) WHERE status = 'open';
-- safe: index on a table created earlier in the same migration
CREATE TABLE public.grants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, deadline date, status text);
CREATE INDEX active_grants_idx ON public.grants (deadline) WHERE status = 'open';
