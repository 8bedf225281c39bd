-- case: integer identity primary key
CREATE TABLE grants (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
-- safe:
CREATE TABLE grants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);

-- case: integer primary key
CREATE TABLE plans (id int PRIMARY KEY, name text);
-- safe:
CREATE TABLE plans (id bigint PRIMARY KEY, name text);
