-- case: index name over 63 bytes
CREATE INDEX CONCURRENTLY IF NOT EXISTS grant_applications_generated_by_ai_model_version_and_created_at_idx ON grant_applications (model_version, created_at);
-- safe:
CREATE INDEX CONCURRENTLY IF NOT EXISTS grant_applications_model_created_idx ON grant_applications (model_version, created_at);

-- case: column name over 63 bytes
CREATE TABLE reports (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, number_of_indicators_observed_in_the_reporting_window_before_triage bigint);
-- safe:
CREATE TABLE reports (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, indicators_before_triage bigint);
