-- case: concurrent index without IF NOT EXISTS
CREATE INDEX CONCURRENTLY grants_user_id_idx ON grants (user_id);
-- safe:
CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id);

-- case: non-transactional migration adds a column without IF NOT EXISTS
-- options: {"transactional": false}
ALTER TABLE grants ADD COLUMN note text;
-- safe:
-- options: {"transactional": false}
ALTER TABLE grants ADD COLUMN IF NOT EXISTS note text;
