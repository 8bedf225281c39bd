-- case: unique constraint built in place
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- safe:
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
-- next-migration
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;

-- case: new column declared UNIQUE
ALTER TABLE users ADD COLUMN stripe_customer_id text UNIQUE;
-- safe:
ALTER TABLE users ADD COLUMN stripe_customer_id text;

-- case: exclusion constraint added to a live table
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
-- safe: declared when the table is created
CREATE TABLE bookings (room integer, during tstzrange,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
