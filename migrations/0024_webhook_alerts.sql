-- Alerts that arrive by webhook (TradingView), one row per signal: the source, the strategy, the
-- symbol, entry or exit, and the bar it fired on. The row is claimed (inserted) before anything
-- is proposed, so a repeated or replayed alert proposes at most one order, across restarts and
-- between processes; the outcome (the intent and approval it became, or why not) is added after.
-- A claim whose proposal failed is deleted, so the sender may retry.

CREATE TABLE webhook_alerts (
  source      text NOT NULL CHECK (source IN ('tradingview')),
  strategy_id text NOT NULL CHECK (strategy_id ~ '^[0-9a-f]{64}$'),
  symbol      text NOT NULL CHECK (symbol <> ''),
  action      text NOT NULL CHECK (action IN ('entry', 'exit')),
  bar_time    timestamptz NOT NULL,
  side        text NOT NULL CHECK (side IN ('long', 'short')),
  price       double precision NOT NULL
              CHECK (price > 0 AND price NOT IN ('NaN', 'Infinity')),
  -- received: claimed, the proposal under way (or interrupted by a crash before it settled).
  status      text NOT NULL DEFAULT 'received'
              CHECK (status IN ('received', 'pending', 'approved', 'denied', 'ignored')),
  intent_id   uuid REFERENCES order_intents (id),
  approval_id uuid REFERENCES approvals (id),
  note        text,
  received_at timestamptz NOT NULL,
  settled_at  timestamptz,
  PRIMARY KEY (source, strategy_id, symbol, action, bar_time),
  CHECK ((status = 'received') = (settled_at IS NULL))
);
