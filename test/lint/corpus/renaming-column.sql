-- case: rename a column
ALTER TABLE grants RENAME COLUMN title TO name;
-- safe:
ALTER TABLE grants ADD COLUMN name text;
