-- case: drop not null
ALTER TABLE grants ALTER COLUMN title DROP NOT NULL;
-- safe:
ALTER TABLE grants ALTER COLUMN title SET DEFAULT '';
