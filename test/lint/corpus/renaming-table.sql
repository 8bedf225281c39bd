-- case: rename a table
ALTER TABLE grants RENAME TO awards;
-- safe: rename a table created in the same migration
CREATE TABLE grants_tmp (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
ALTER TABLE grants_tmp RENAME TO awards;
