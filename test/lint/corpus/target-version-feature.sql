-- case: gen_random_uuid() on PostgreSQL 12 (built in from 13)
INSERT INTO api_keys (id, user_id) SELECT gen_random_uuid(), id FROM users;
-- safe: pgcrypto provides it on 12
CREATE EXTENSION IF NOT EXISTS pgcrypto;
INSERT INTO api_keys (id, user_id) SELECT gen_random_uuid(), id FROM users;

-- case: pgcrypto created in an earlier migration counts
INSERT INTO api_keys (id) SELECT pg_catalog.gen_random_uuid();
-- safe:
CREATE EXTENSION IF NOT EXISTS pgcrypto;
-- next-migration
INSERT INTO api_keys (id) SELECT pg_catalog.gen_random_uuid();

-- case: NULLS NOT DISTINCT needs 15
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email) NULLS NOT DISTINCT;
-- safe: the target declares 15
-- options: {"targetVersion": 15}
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email) NULLS NOT DISTINCT;

-- case: MERGE needs 15
MERGE INTO stock s USING deliveries d ON s.item_id = d.item_id WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty WHEN NOT MATCHED THEN INSERT (item_id, qty) VALUES (d.item_id, d.qty);
-- safe: INSERT … ON CONFLICT works on 12
INSERT INTO stock (item_id, qty) SELECT item_id, qty FROM deliveries ON CONFLICT (item_id) DO UPDATE SET qty = stock.qty + excluded.qty;

-- case: unique constraint NULLS NOT DISTINCT needs 15
CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text, CONSTRAINT accounts_email_key UNIQUE NULLS NOT DISTINCT (email));
-- safe:
CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text, CONSTRAINT accounts_email_key UNIQUE (email));

-- case: regexp_like() needs 15
UPDATE users SET flagged = true WHERE regexp_like(email, '@example\.com$');
-- safe: the ~ operator works everywhere
UPDATE users SET flagged = true WHERE email ~ '@example\.com$';

-- case: JSON_TABLE needs 17
-- options: {"targetVersion": 16}
INSERT INTO tags (name) SELECT jt.name FROM docs, JSON_TABLE(docs.body, '$.tags[*]' COLUMNS (name text PATH '$')) jt;
-- safe:
-- options: {"targetVersion": 16}
INSERT INTO tags (name) SELECT jsonb_array_elements_text(docs.body -> 'tags') FROM docs;

-- case: a multirange column needs 14
CREATE TABLE bookings (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, slots tstzmultirange);
-- safe:
CREATE TABLE bookings (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, slots tstzrange[]);
