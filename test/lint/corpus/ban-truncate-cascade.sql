-- case: truncate cascade
TRUNCATE grants CASCADE;
-- safe:
TRUNCATE grants;
