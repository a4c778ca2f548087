-- The simulated paper broker's ledger (tools/adapters/broker/paper-ledger.ts): its cash, orders,
-- fills and positions, so a restarted process sees the same account. Several paper accounts may
-- share a database; `account` names one. Quantities and prices are float8 (the engine's numbers);
-- every check refuses NaN and infinities ('NaN' sorts above every float8, so `< 'Infinity'`
-- rules it out). Writers lock their account's row (SELECT ... FOR UPDATE) for each order change,
-- so two processes on one server never spend the same cash twice.

CREATE TABLE paper_accounts (
  account       text PRIMARY KEY CHECK (account <> ''),
  starting_cash float8 NOT NULL CHECK (starting_cash >= 0 AND starting_cash < 'Infinity'),
  cash          float8 NOT NULL CHECK (cash > '-Infinity' AND cash < 'Infinity'),
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE paper_orders (
  broker_order_id    text PRIMARY KEY,
  sequence           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  account            text NOT NULL REFERENCES paper_accounts (account),
  client_order_id    text NOT NULL CHECK (client_order_id <> ''),
  symbol             text NOT NULL CHECK (symbol <> ''),
  side               text NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity           float8 NOT NULL CHECK (quantity > 0 AND quantity < 'Infinity'),
  type               text NOT NULL CHECK (type IN ('market', 'limit')),
  limit_price        float8 CHECK (limit_price > 0 AND limit_price < 'Infinity'),
  time_in_force      text NOT NULL CHECK (time_in_force IN ('day', 'gtc')),
  -- The price per unit held back from buying power while the order is open: the limit, or the
  -- slipped price seen at submission for a market order.
  reserve_price      float8 NOT NULL CHECK (reserve_price >= 0 AND reserve_price < 'Infinity'),
  status             text NOT NULL CHECK (status IN
    ('accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired')),
  filled_quantity    float8 NOT NULL CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
  average_fill_price float8 CHECK (average_fill_price > 0 AND average_fill_price < 'Infinity'),
  reject_reason      text,
  submitted_at       timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CONSTRAINT paper_orders_client_order_id_unique UNIQUE (account, client_order_id),
  CONSTRAINT paper_orders_limit_price CHECK ((type = 'limit') = (limit_price IS NOT NULL)),
  CONSTRAINT paper_orders_rejected_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);

CREATE INDEX paper_orders_open ON paper_orders (account, sequence)
  WHERE status IN ('accepted', 'partially_filled');

CREATE TABLE paper_fills (
  fill_id         text PRIMARY KEY,
  sequence        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  account         text NOT NULL REFERENCES paper_accounts (account),
  broker_order_id text NOT NULL REFERENCES paper_orders (broker_order_id),
  symbol          text NOT NULL,
  side            text NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity        float8 NOT NULL CHECK (quantity > 0 AND quantity < 'Infinity'),
  price           float8 NOT NULL CHECK (price > 0 AND price < 'Infinity'),
  fee             float8 NOT NULL CHECK (fee >= 0 AND fee < 'Infinity'),
  at              timestamptz NOT NULL,
  -- The time of the price bar that filled it: the fills of one bar share its volume.
  bar_at          timestamptz NOT NULL
);

CREATE INDEX paper_fills_bar ON paper_fills (account, symbol, bar_at);
CREATE INDEX paper_fills_order ON paper_fills (broker_order_id, sequence);

CREATE TABLE paper_positions (
  account             text NOT NULL REFERENCES paper_accounts (account),
  symbol              text NOT NULL CHECK (symbol <> ''),
  quantity            float8 NOT NULL CHECK (quantity <> 0 AND quantity > '-Infinity' AND quantity < 'Infinity'),
  average_entry_price float8 NOT NULL CHECK (average_entry_price > 0 AND average_entry_price < 'Infinity'),
  PRIMARY KEY (account, symbol)
);
