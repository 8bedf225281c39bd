-- case: explicit transaction around a concurrent index
-- options: {"transactional": false}
BEGIN;
CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id);
COMMIT;
-- safe:
-- options: {"transactional": false}
CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id);

-- case: rendered statement marked transactional (op.execute) in a wrapped migration
-- options: {"statementsTransactional": true}
CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id);
-- safe:
CREATE INDEX CONCURRENTLY IF NOT EXISTS grants_user_id_idx ON grants (user_id);

-- case: drop index concurrently inside BEGIN/COMMIT
-- options: {"transactional": false}
BEGIN;
DROP INDEX CONCURRENTLY IF EXISTS grants_user_id_idx;
COMMIT;
-- safe:
-- options: {"transactional": false}
DROP INDEX CONCURRENTLY IF EXISTS grants_user_id_idx;
