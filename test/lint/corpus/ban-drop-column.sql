-- case: drop a column
ALTER TABLE grants DROP COLUMN legacy_user_id;
-- safe: suppressed with a reason
-- retort-ignore ban-drop-column: no code reads legacy_user_id since release 4.2
ALTER TABLE grants DROP COLUMN legacy_user_id;
