-- case: long rewrite with no statement_timeout
-- retort-ignore changing-column-type: corpus case isolates the statement timeout
ALTER TABLE grants ALTER COLUMN amount TYPE numeric(12,2);
-- safe:
SET LOCAL statement_timeout = '5s';
-- retort-ignore changing-column-type: corpus case isolates the statement timeout
ALTER TABLE grants ALTER COLUMN amount TYPE numeric(12,2);

-- case: runner statement timeout configured to 0 explicitly, index build in place
-- options: {"statementTimeoutMs": 0}
-- retort-ignore require-concurrent-index-creation: corpus case isolates the statement timeout
CREATE INDEX grants_deadline_idx ON grants (deadline);
-- safe: runner sets a statement timeout
-- options: {"statementTimeoutMs": 30000}
-- retort-ignore require-concurrent-index-creation: corpus case isolates the statement timeout
CREATE INDEX grants_deadline_idx ON grants (deadline);
