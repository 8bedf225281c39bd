-- case: drop a table
DROP TABLE legacy_grants;
-- safe: suppressed with a reason
-- retort-ignore ban-drop-table: replaced by grants in release 3.0, backup taken
DROP TABLE legacy_grants;

-- case: drop two tables with cascade
DROP TABLE IF EXISTS grant_applications, business_profiles CASCADE;
-- safe: drop a table created in the same migration
CREATE TABLE scratch_import (line text);
DROP TABLE scratch_import;
