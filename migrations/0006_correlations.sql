-- Correlation snapshots (one per compute_correlations run), the regime events they raised, and
-- currency strength snapshots. A symbol set is keyed by md5 of its symbols in order, so the
-- history of one set and window can be read back and an event seen by two runs is stored once.

CREATE TABLE correlation_snapshots (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  set_key             text NOT NULL,
  symbols             text[] NOT NULL CHECK (cardinality(symbols) >= 2),
  timeframe           text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '1h', '1d')),
  window_bars         integer NOT NULL CHECK (window_bars >= 3),
  as_of               timestamptz NOT NULL,
  -- Row-major symbols x symbols correlations.
  matrix              double precision[] NOT NULL,
  average_correlation double precision NOT NULL CHECK (average_correlation BETWEEN -1 AND 1),
  first_eigen_share   double precision NOT NULL CHECK (first_eigen_share BETWEEN 0 AND 1),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT correlation_snapshots_matrix_square
    CHECK (cardinality(matrix) = cardinality(symbols) * cardinality(symbols))
);

CREATE INDEX correlation_snapshots_set_idx
  ON correlation_snapshots (set_key, timeframe, window_bars, created_at DESC);

CREATE TABLE correlation_regime_events (
  set_key     text NOT NULL,
  symbols     text[] NOT NULL,
  timeframe   text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '1h', '1d')),
  window_bars integer NOT NULL CHECK (window_bars >= 3),
  at          timestamptz NOT NULL,
  metric      text NOT NULL CHECK (metric IN ('averageCorrelation', 'firstEigenShare')),
  direction   text NOT NULL CHECK (direction IN ('rise', 'fall')),
  value       double precision NOT NULL,
  baseline    double precision NOT NULL,
  shift       double precision NOT NULL,
  -- The run that first saw the event.
  snapshot_id uuid NOT NULL REFERENCES correlation_snapshots (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (set_key, timeframe, window_bars, metric, at)
);

CREATE INDEX correlation_regime_events_at_idx ON correlation_regime_events (at DESC);

CREATE TABLE currency_strength (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  as_of        timestamptz NOT NULL,
  horizon_bars integer NOT NULL CHECK (horizon_bars >= 1),
  -- [{currency, score, rank}], strongest first.
  scores       jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'array'),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX currency_strength_created_idx ON currency_strength (horizon_bars, created_at DESC);
