-- case: add a value and use it
ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active';
UPDATE subscriptions SET status = 'paused' WHERE paused_at IS NOT NULL;
-- safe: use it in the next migration
ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active';
-- next-migration
UPDATE subscriptions SET status = 'paused' WHERE paused_at IS NOT NULL;

-- case: add a value and use it as a column default
ALTER TYPE application_status ADD VALUE IF NOT EXISTS 'draft' BEFORE 'submitted';
ALTER TABLE grant_applications ALTER COLUMN status SET DEFAULT 'draft';
-- safe: values of a type created in the same transaction can be used
CREATE TYPE application_status AS ENUM ('submitted', 'approved');
ALTER TYPE application_status ADD VALUE IF NOT EXISTS 'draft' BEFORE 'submitted';
CREATE TABLE grant_applications (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status application_status DEFAULT 'draft');
