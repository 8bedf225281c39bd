-- case: not null without default
ALTER TABLE grants ADD COLUMN owner_id bigint NOT NULL;
-- safe:
ALTER TABLE grants ADD COLUMN owner_id bigint;

-- case: not null text without default
ALTER TABLE users ADD COLUMN auth0_id text NOT NULL;
-- safe: constant default
ALTER TABLE users ADD COLUMN auth0_id text NOT NULL DEFAULT '';
