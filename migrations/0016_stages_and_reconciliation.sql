-- The road from backtest to live, and reconciliation with the broker.
-- `strategy_stages`: each strategy's stage (backtest -> paper -> small_live -> full_live), since
-- when, and the evidence its last promotion rested on; every change is an audit row too.
-- `reconciliation_baselines`: holdings at a broker that Alphadesk did not trade (there before it,
-- or traded elsewhere), accepted by a human or taken at the first reconciliation; the positions
-- Alphadesk expects are these plus the fills of its own orders.

CREATE TABLE strategy_stages (
  strategy_id text PRIMARY KEY REFERENCES strategies (id),
  stage       text NOT NULL CHECK (stage IN ('backtest', 'paper', 'small_live', 'full_live')),
  since       timestamptz NOT NULL,
  evidence    jsonb NOT NULL DEFAULT '{}',
  updated_by  text NOT NULL CHECK (updated_by <> '')
);

CREATE TABLE reconciliation_accounts (
  broker   text PRIMARY KEY CHECK (broker <> ''),
  taken_by text NOT NULL CHECK (taken_by <> ''),
  taken_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reconciliation_baselines (
  broker   text NOT NULL REFERENCES reconciliation_accounts (broker),
  symbol   text NOT NULL CHECK (symbol <> ''),
  quantity double precision NOT NULL CHECK (quantity > '-Infinity' AND quantity < 'Infinity'),
  PRIMARY KEY (broker, symbol)
);

-- Whether an intent went to a broker trading real money: stage evidence counts paper and live
-- fills apart.
ALTER TABLE order_intents ADD COLUMN live boolean NOT NULL DEFAULT false;
