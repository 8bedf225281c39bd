-- case: check constraint validated in place
ALTER TABLE grants ADD CONSTRAINT grants_amount_positive CHECK (amount > 0);
-- safe:
ALTER TABLE grants ADD CONSTRAINT grants_amount_positive CHECK (amount > 0) NOT VALID;

-- case: NOT VALID then VALIDATE in the same transaction
ALTER TABLE grants ADD CONSTRAINT grants_amount_positive CHECK (amount > 0) NOT VALID;
ALTER TABLE grants VALIDATE CONSTRAINT grants_amount_positive;
-- safe: validate in the next migration
ALTER TABLE grants ADD CONSTRAINT grants_amount_positive CHECK (amount > 0) NOT VALID;
-- next-migration
ALTER TABLE grants VALIDATE CONSTRAINT grants_amount_positive;
