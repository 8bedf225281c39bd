-- case: drop index
DROP INDEX grants_user_id_idx;
-- safe:
DROP INDEX CONCURRENTLY IF EXISTS grants_user_id_idx;

-- case: drop index if exists, schema-qualified
DROP INDEX IF EXISTS public.grants_user_id_idx;
-- safe:
DROP INDEX CONCURRENTLY IF EXISTS public.grants_user_id_idx;
