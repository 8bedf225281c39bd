-- case: add primary key in place
ALTER TABLE grants ADD PRIMARY KEY (id);
-- safe: build the index concurrently, then attach it
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS grants_id_idx ON grants (id);
-- next-migration
ALTER TABLE grants ADD CONSTRAINT grants_pkey PRIMARY KEY USING INDEX grants_id_idx;

-- case: add a bigserial column to an existing table
ALTER TABLE events ADD COLUMN id bigserial;
-- safe:
ALTER TABLE events ADD COLUMN id bigint;

-- case: add an identity column to an existing table
ALTER TABLE events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
-- safe:
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);
