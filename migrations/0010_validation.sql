-- Validation: users' own rules (a metric, a comparison, a threshold, a severity), switches for
-- built-in rules, and every report, versioned per strategy.

CREATE TABLE validation_rules (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  metric      text NOT NULL,
  comparison  text NOT NULL CHECK (comparison IN ('<', '<=', '>', '>=')),
  threshold   double precision NOT NULL CHECK (threshold NOT IN ('NaN', 'Infinity', '-Infinity')),
  severity    text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
  message     text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A rule id (built-in or custom) listed here is switched off.
CREATE TABLE disabled_validation_rules (
  id          text PRIMARY KEY,
  disabled_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE validation_reports (
  id          bigserial PRIMARY KEY,
  strategy_id text NOT NULL REFERENCES strategies (id),
  version     integer NOT NULL CHECK (version >= 1),
  verdict     text NOT NULL CHECK (verdict IN ('pass', 'warn', 'fail')),
  report      jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (strategy_id, version)
);
