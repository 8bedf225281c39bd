-- case: add value without position
ALTER TYPE subscription_status ADD VALUE 'paused';
-- safe:
ALTER TYPE subscription_status ADD VALUE 'paused' AFTER 'active';
