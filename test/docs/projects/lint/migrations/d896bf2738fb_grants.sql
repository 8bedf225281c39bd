-- revision: d896bf2738fb
-- revises:
-- message: grants

-- retort:upgrade
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE TABLE grants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL);

-- retort:downgrade
DROP TABLE grants;
DROP TABLE users;
