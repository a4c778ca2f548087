-- Trading controls and the rest of the order path. `trading_controls` holds the trading state
-- (active | reducing | halted), the risk-limit overrides and the paper auto-approval policy of
-- the account and of each strategy; every change is an audit row written in the same
-- transaction. `order_fills` keeps each fill a broker reported, once (fill ids repeat on
-- replayed events). `account_days` remembers each broker account's equity at the first look of a
-- trading day: the daily loss limit counts from it.

CREATE TABLE trading_controls (
  scope              text PRIMARY KEY CHECK (scope = 'account' OR scope ~ '^strategy:.+$'),
  state              text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'reducing', 'halted')),
  -- A layer of risk-limit overrides (engine/risk effectiveLimits): it can only tighten.
  limits             jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(limits) = 'object'),
  -- Paper orders of this strategy skip the human click; live orders never do.
  auto_approve_paper boolean NOT NULL DEFAULT false,
  reason             text,
  updated_by         text NOT NULL CHECK (updated_by <> ''),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE order_intents
  ADD COLUMN reject_reason text,
  ADD COLUMN submitted_at timestamptz;

CREATE INDEX order_intents_created ON order_intents (created_at);

CREATE TABLE order_fills (
  fill_id   text PRIMARY KEY CHECK (fill_id <> ''),
  intent_id uuid NOT NULL REFERENCES order_intents (id),
  quantity  double precision NOT NULL CHECK (quantity > 0 AND quantity < 'Infinity'),
  price     double precision NOT NULL CHECK (price > 0 AND price < 'Infinity'),
  fee       double precision NOT NULL CHECK (fee >= 0 AND fee < 'Infinity'),
  at        timestamptz NOT NULL
);

CREATE INDEX order_fills_intent ON order_fills (intent_id, at);

CREATE TABLE account_days (
  broker       text NOT NULL CHECK (broker <> ''),
  day          date NOT NULL,
  start_equity double precision NOT NULL CHECK (start_equity >= 0 AND start_equity < 'Infinity'),
  PRIMARY KEY (broker, day)
);

-- The chat layer hears of pending approvals and of order progress through the event log.
ALTER TABLE events DROP CONSTRAINT events_topic_check;
ALTER TABLE events ADD CONSTRAINT events_topic_check CHECK (topic IN
  ('scan.completed', 'correlation.regime', 'approval.pending', 'order.updated', 'trading.state'));
