-- case: a data change in a transactional: false migration
-- options: {"transactional": false}
UPDATE users SET email = lower(email);
-- safe: only what cannot run in a transaction stays non-transactional
-- options: {"transactional": false}
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);

-- case: an INSERT in a transactional: false migration
-- options: {"transactional": false}
INSERT INTO settings (key, value) VALUES ('a', 'b');
-- safe: in a transactional migration
INSERT INTO settings (key, value) VALUES ('a', 'b');
