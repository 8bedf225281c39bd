-- case: lock_timeout disabled in SQL before an ALTER
SET lock_timeout = 0;
ALTER TABLE grants ADD COLUMN note text;
-- safe:
SET LOCAL lock_timeout = '2s';
ALTER TABLE grants ADD COLUMN note text;

-- case: runner lock timeout switched off in config
-- options: {"lockTimeoutMs": 0}
-- retort-ignore renaming-column: corpus case isolates the lock timeout
ALTER TABLE grants RENAME COLUMN note TO notes;
-- safe:
-- options: {"lockTimeoutMs": 0}
SET LOCAL lock_timeout = '2s';
-- retort-ignore renaming-column: corpus case isolates the lock timeout
ALTER TABLE grants RENAME COLUMN note TO notes;
