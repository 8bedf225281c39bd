-- case: char column in a new table
CREATE TABLE countries (code char(2) PRIMARY KEY, name text);
-- safe:
CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2), name text);

-- case: character column added
ALTER TABLE users ADD COLUMN locale character(5);
-- safe:
ALTER TABLE users ADD COLUMN locale text;
