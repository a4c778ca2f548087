-- The order path: an intent per proposed order (its id is the broker's client_order_id), the
-- human approval it waits for, and the outbox a worker drives. An approval is consumed exactly
-- once (UPDATE ... WHERE state = 'pending'); the approval, the intent's move to `approved`, the
-- outbox row and the audit row commit together.

CREATE TABLE order_intents (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id        text,
  broker             text NOT NULL CHECK (broker <> ''),
  symbol             text NOT NULL CHECK (symbol <> ''),
  side               text NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity           double precision NOT NULL
                     CHECK (quantity > 0 AND quantity NOT IN ('NaN', 'Infinity')),
  type               text NOT NULL CHECK (type IN ('market', 'limit')),
  limit_price        double precision
                     CHECK (limit_price IS NULL OR (limit_price > 0 AND limit_price NOT IN ('NaN', 'Infinity'))),
  state              text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'approved',
                       'submitting', 'unknown', 'submitted', 'partially_filled', 'filled',
                       'cancelled', 'rejected', 'declined', 'expired')),
  -- sha256 of the exact parameters a human is asked to approve.
  params_hash        text NOT NULL CHECK (params_hash ~ '^[0-9a-f]{64}$'),
  -- The risk gate's checks when it was proposed, with their numbers.
  risk               jsonb NOT NULL,
  -- Proposed outside the market's hours: submitted once it opens.
  queued_until       timestamptz,
  broker_order_id    text,
  filled_quantity    double precision NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0),
  average_fill_price double precision,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'limit') = (limit_price IS NOT NULL))
);

CREATE INDEX order_intents_state ON order_intents (state);

CREATE TABLE approvals (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  intent_id   uuid NOT NULL UNIQUE REFERENCES order_intents (id),
  params_hash text NOT NULL,
  state       text NOT NULL DEFAULT 'pending'
              CHECK (state IN ('pending', 'approved', 'rejected', 'expired')),
  -- Who may decide (chat user ids, "cli"); never the model.
  approvers   text[] NOT NULL CHECK (cardinality(approvers) >= 1),
  expires_at  timestamptz NOT NULL,
  decided_by  text,
  decided_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'pending') = (decided_at IS NULL))
);

CREATE TABLE order_outbox (
  id           bigserial PRIMARY KEY,
  intent_id    uuid NOT NULL REFERENCES order_intents (id),
  kind         text NOT NULL CHECK (kind IN ('submit', 'cancel')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);

CREATE INDEX order_outbox_pending ON order_outbox (id) WHERE processed_at IS NULL;
