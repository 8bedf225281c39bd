-- revision: d896bf2738fb
-- revises:
-- message: create legacy schema
-- created: 2025-06-02 09:14:00

-- The single-user schema the grant-finder guide starts from: grants and search runs with no
-- owner, application history keyed by a free-form string user id, per-user settings.

-- retort:upgrade
CREATE TABLE grants (
  id serial PRIMARY KEY,
  title varchar(500) NOT NULL,
  funder varchar(255),
  description text,
  amount_min numeric(12, 2),
  amount_max numeric(12, 2),
  deadline date,
  url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE search_runs (
  id serial PRIMARY KEY,
  query text NOT NULL,
  results_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE application_history (
  id serial PRIMARY KEY,
  user_id varchar(255),
  grant_id integer REFERENCES grants (id) ON DELETE SET NULL,
  status varchar(50) NOT NULL DEFAULT 'draft',
  notes text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_settings (
  id serial PRIMARY KEY,
  user_id integer NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ix_user_settings_user_id ON user_settings (user_id);

-- retort:downgrade
DROP TABLE user_settings;
DROP TABLE application_history;
DROP TABLE search_runs;
DROP TABLE grants;
