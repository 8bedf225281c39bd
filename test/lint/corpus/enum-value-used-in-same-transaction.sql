-- case: add a value and use it inside an explicit transaction block
-- options: {"transactional": false}
BEGIN;
ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active';
UPDATE subscriptions SET status = 'paused' WHERE paused_at IS NOT NULL;
COMMIT;
-- safe: in a wrapped migration the runner commits after ADD VALUE, before the first use
ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active';
UPDATE subscriptions SET status = 'paused' WHERE paused_at IS NOT NULL;

-- case: a value of a type created in the same transaction block (PostgreSQL refuses it too)
-- options: {"transactional": false}
BEGIN;
CREATE TYPE application_status AS ENUM ('submitted', 'approved');
ALTER TYPE application_status ADD VALUE IF NOT EXISTS 'draft' BEFORE 'submitted';
CREATE TABLE IF NOT EXISTS grant_applications (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status application_status DEFAULT 'draft');
COMMIT;
-- safe: list every label when creating the type
CREATE TYPE application_status AS ENUM ('draft', 'submitted', 'approved');
CREATE TABLE grant_applications (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status application_status DEFAULT 'draft');

-- case: add a value and use it in a column default, in the next statement of a BEGIN block
-- options: {"transactional": false}
BEGIN;
ALTER TYPE application_status ADD VALUE IF NOT EXISTS 'withdrawn' AFTER 'approved';
ALTER TABLE grant_applications ALTER COLUMN status SET DEFAULT 'withdrawn';
COMMIT;
-- safe: separate migrations
ALTER TYPE application_status ADD VALUE IF NOT EXISTS 'withdrawn' AFTER 'approved';
-- next-migration
ALTER TABLE grant_applications ALTER COLUMN status SET DEFAULT 'withdrawn';
