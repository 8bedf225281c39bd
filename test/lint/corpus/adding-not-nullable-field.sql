-- case: set not null on an existing column
ALTER TABLE grants ALTER COLUMN user_id SET NOT NULL;
-- safe: check NOT VALID, validate in a later migration, then SET NOT NULL
ALTER TABLE grants ADD CONSTRAINT grants_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID;
-- next-migration
ALTER TABLE grants VALIDATE CONSTRAINT grants_user_id_not_null;
ALTER TABLE grants ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE grants DROP CONSTRAINT grants_user_id_not_null;

-- case: set not null among other commands
ALTER TABLE subscriptions ALTER COLUMN plan_id SET NOT NULL, ALTER COLUMN note SET DEFAULT '';
-- safe: on a table created in the same migration
CREATE TABLE subscriptions (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, plan_id bigint, note text);
ALTER TABLE subscriptions ALTER COLUMN plan_id SET NOT NULL, ALTER COLUMN note SET DEFAULT '';
