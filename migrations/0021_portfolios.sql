-- Portfolios built by construct_portfolio, one row per run: their history. `assets` is the
-- sorted set of what was weighted (strategy ids, or the names of raw return series), so the runs
-- of one set read back newest first; `request` is the input without raw return values (which
-- can be megabytes), `result` the tool's whole output. No strategy parameters are stored, so
-- nothing here is sealed.

CREATE TABLE portfolios (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assets          text[] NOT NULL CHECK (cardinality(assets) >= 2),
  source          text NOT NULL CHECK (source IN ('strategies', 'returns')),
  objective       text NOT NULL CHECK (objective IN
                    ('maxSharpe', 'minVariance', 'riskParity', 'hrp', 'maxDiversification', 'equalWeight')),
  request         jsonb NOT NULL,
  weights         jsonb NOT NULL,
  expected_return double precision NOT NULL,
  volatility      double precision NOT NULL CHECK (volatility >= 0),
  result          jsonb NOT NULL,
  actor           text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT portfolios_values_finite
    CHECK (expected_return NOT IN ('NaN', 'Infinity', '-Infinity')
       AND volatility NOT IN ('NaN', 'Infinity'))
);

CREATE INDEX portfolios_assets_created ON portfolios (assets, created_at DESC);
CREATE INDEX portfolios_created ON portfolios (created_at DESC);
