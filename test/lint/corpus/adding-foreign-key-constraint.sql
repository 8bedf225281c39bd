-- case: foreign key validated in place
ALTER TABLE grants ADD CONSTRAINT grants_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
-- safe:
ALTER TABLE grants ADD CONSTRAINT grants_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;
-- next-migration
ALTER TABLE grants VALIDATE CONSTRAINT grants_user_id_fkey;

-- case: inline REFERENCES on a new column of an existing table
ALTER TABLE business_profiles ADD COLUMN user_id bigint REFERENCES users (id);
-- safe:
ALTER TABLE business_profiles ADD COLUMN user_id bigint;
ALTER TABLE business_profiles ADD CONSTRAINT business_profiles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
