-- case: int to bigint
ALTER TABLE grants ALTER COLUMN user_id TYPE bigint;
-- safe: expand (new column), backfill and switch in later migrations
ALTER TABLE grants ADD COLUMN user_id_new bigint;

-- case: string user id to integer with USING
ALTER TABLE grant_applications ALTER COLUMN user_id TYPE integer USING user_id::integer;
-- safe:
ALTER TABLE grant_applications ADD COLUMN user_ref bigint;
