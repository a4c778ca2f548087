-- Market scans and their findings. A finding is keyed by pattern, symbols and parameters, so
-- the same effect found by two scans is one row with a history: when it was first seen, when
-- a scan last confirmed it, how often, and when a scan that tested it stopped finding it.

CREATE TABLE scans (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  options           jsonb NOT NULL,
  symbols           integer NOT NULL CHECK (symbols >= 0),
  candidates_tested integer NOT NULL CHECK (candidates_tested >= 0),
  findings          integer NOT NULL CHECK (findings >= 0),
  started_at        timestamptz NOT NULL,
  finished_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE findings (
  id                bigserial PRIMARY KEY,
  key               text NOT NULL UNIQUE,
  pattern           text NOT NULL,
  symbols           text[] NOT NULL CHECK (cardinality(symbols) >= 1),
  direction         text NOT NULL CHECK (direction IN ('long', 'short', 'long_short')),
  parameters        jsonb NOT NULL,
  effect_size       double precision NOT NULL,
  statistic         double precision NOT NULL,
  p_value           double precision NOT NULL CHECK (p_value BETWEEN 0 AND 1),
  q_value           double precision NOT NULL CHECK (q_value BETWEEN 0 AND 1),
  in_sample         jsonb NOT NULL,
  out_of_sample     jsonb NOT NULL,
  explanation       text NOT NULL,
  strategy_spec     jsonb NOT NULL,
  spec_fidelity     text NOT NULL CHECK (spec_fidelity IN ('exact', 'proxy')),
  first_seen_at     timestamptz NOT NULL,
  last_confirmed_at timestamptz NOT NULL,
  times_confirmed   integer NOT NULL DEFAULT 1 CHECK (times_confirmed >= 1),
  decayed_at        timestamptz,
  last_scan_id      uuid NOT NULL REFERENCES scans (id)
);

CREATE INDEX findings_recent_idx ON findings (last_confirmed_at DESC);
