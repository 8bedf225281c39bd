-- case: drop database
-- options: {"transactional": false}
DROP DATABASE grant_finder;
-- safe: record the retirement; drop the database by hand, outside the migration history
COMMENT ON DATABASE grant_finder IS 'retired: drop by hand after the final backup';
