-- case: BEGIN/COMMIT in a wrapped migration
BEGIN;
ALTER TABLE grants ADD COLUMN note text;
COMMIT;
-- safe:
ALTER TABLE grants ADD COLUMN note text;

-- case: COMMIT in the middle of a migration
ALTER TABLE grants ADD COLUMN note text;
COMMIT;
-- safe: explicit transaction in a non-transactional migration
-- options: {"transactional": false}
BEGIN;
ALTER TABLE grants ADD COLUMN IF NOT EXISTS note text;
COMMIT;
