-- Instruments, bars, strategies and backtests. Timestamps are UTC timestamptz.

CREATE TABLE instruments (
  symbol      text PRIMARY KEY,
  asset_class text NOT NULL DEFAULT 'equity',
  exchange    text,
  currency    text NOT NULL DEFAULT 'USD',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bars (
  symbol    text NOT NULL REFERENCES instruments (symbol),
  timeframe text NOT NULL CHECK (timeframe IN ('1m', '5m', '15m', '1h', '1d')),
  ts        timestamptz NOT NULL,
  open      double precision NOT NULL,
  high      double precision NOT NULL,
  low       double precision NOT NULL,
  close     double precision NOT NULL,
  volume    double precision NOT NULL,
  -- The key also serves range scans of one symbol and timeframe in time order.
  PRIMARY KEY (symbol, timeframe, ts),
  CONSTRAINT bars_prices_positive CHECK (open > 0 AND high > 0 AND low > 0 AND close > 0),
  CONSTRAINT bars_ohlc_consistent CHECK (low <= open AND low <= close AND open <= high AND close <= high),
  CONSTRAINT bars_volume_nonnegative CHECK (volume >= 0)
);

CREATE TABLE strategies (
  id         text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  name       text NOT NULL,
  spec       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE backtests (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id  text NOT NULL REFERENCES strategies (id),
  start_at     timestamptz,
  end_at       timestamptz,
  initial_cash double precision NOT NULL CHECK (initial_cash > 0),
  metrics      jsonb NOT NULL,
  trades       jsonb NOT NULL,
  equity       jsonb NOT NULL,
  benchmarks   jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX backtests_strategy_idx ON backtests (strategy_id, created_at DESC);
