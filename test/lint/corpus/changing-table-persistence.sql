-- case: make an unlogged table logged
ALTER TABLE events SET LOGGED;
-- safe: a new logged table, filled in batches
CREATE TABLE events_logged (LIKE events INCLUDING ALL);

-- case: make a table unlogged, with another change
ALTER TABLE page_views SET UNLOGGED, SET (fillfactor = 90);
-- safe: in a maintenance window, said so
-- retort-ignore changing-table-persistence: page_views is rebuilt nightly; run during the 02:00 window
ALTER TABLE page_views SET UNLOGGED;

-- case: SET LOGGED after the table's creation in another migration
CREATE UNLOGGED TABLE staging_rows (id bigint, line text);
-- next-migration
ALTER TABLE staging_rows SET LOGGED;
-- safe: a table created in the same migration is empty
CREATE UNLOGGED TABLE staging_rows (id bigint, line text);
ALTER TABLE staging_rows SET LOGGED;
