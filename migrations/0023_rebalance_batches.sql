-- Order batches: orders proposed together and decided by one human click (rebalance_portfolio's
-- rebalance of a stored portfolio). The batch is its own approval: a pending row consumed
-- exactly once (UPDATE ... WHERE state = 'pending'), its intents moving to approved (each
-- queued in the outbox in batch order, sells first) or declined, with their audit rows, in the
-- same transaction. An intent in a batch has no row in `approvals`: single-order approvals are
-- unchanged. Orders the risk gate denied are no intents; `summary` keeps them, with why the batch
-- was proposed.

CREATE TABLE order_batches (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The stored portfolio a rebalance brings back to its target weights.
  portfolio_id uuid REFERENCES portfolios (id),
  broker       text NOT NULL CHECK (broker <> ''),
  live         boolean NOT NULL DEFAULT false,
  -- sha256 over the intents' params hashes in batch order: what a click names.
  params_hash  text NOT NULL CHECK (params_hash ~ '^[0-9a-f]{64}$'),
  state        text NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'approved', 'rejected', 'expired')),
  -- Who may decide (chat user ids, "cli"); never the model.
  approvers    text[] NOT NULL CHECK (cardinality(approvers) >= 1),
  expires_at   timestamptz NOT NULL,
  decided_by   text,
  decided_at   timestamptz,
  summary      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'pending') = (decided_at IS NULL))
);

-- One proposal of a portfolio waits at a time: a second could send the same trades twice.
CREATE UNIQUE INDEX order_batches_one_pending ON order_batches (portfolio_id)
  WHERE state = 'pending' AND portfolio_id IS NOT NULL;
CREATE INDEX order_batches_portfolio_created ON order_batches (portfolio_id, created_at DESC);

ALTER TABLE order_intents
  ADD COLUMN batch_id       uuid REFERENCES order_batches (id),
  ADD COLUMN batch_position integer CHECK (batch_position >= 0),
  ADD CONSTRAINT order_intents_batch_position CHECK ((batch_id IS NULL) = (batch_position IS NULL));

CREATE UNIQUE INDEX order_intents_batch ON order_intents (batch_id, batch_position)
  WHERE batch_id IS NOT NULL;
