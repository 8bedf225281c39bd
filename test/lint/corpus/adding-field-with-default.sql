-- case: uuid default from gen_random_uuid()
-- options: {"targetVersion": 13}
ALTER TABLE grants ADD COLUMN public_id uuid DEFAULT gen_random_uuid();
-- safe: constant-free column, then a default for new rows only
-- options: {"targetVersion": 13}
ALTER TABLE grants ADD COLUMN public_id uuid;
ALTER TABLE grants ALTER COLUMN public_id SET DEFAULT gen_random_uuid();

-- case: clock_timestamp() default
ALTER TABLE grants ADD COLUMN imported_at timestamptz DEFAULT clock_timestamp();
-- safe: now() is stable, evaluated once (no rewrite on PG11+)
ALTER TABLE grants ADD COLUMN imported_at timestamptz DEFAULT now();

-- case: stored generated column
ALTER TABLE grants ADD COLUMN amount_cents bigint GENERATED ALWAYS AS (amount * 100) STORED;
-- safe:
ALTER TABLE grants ADD COLUMN amount_cents bigint;

-- case: random() default with NOT NULL
ALTER TABLE users ADD COLUMN shard smallint NOT NULL DEFAULT (random() * 16)::int;
-- safe: constant default with NOT NULL is metadata-only on PG11+
ALTER TABLE users ADD COLUMN shard smallint NOT NULL DEFAULT 0;
