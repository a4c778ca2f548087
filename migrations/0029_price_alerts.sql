-- Price alerts ("alert me when SPY drops below 600"): active until the price reaches the level
-- from the side it was set on, then triggered once (the update is a compare-and-set on the
-- state, so two checkers never both fire one), or until someone cancels it. Firing appends a
-- price.alert event in the same transaction; the chat faces post from the event log.

CREATE TABLE price_alerts (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq             bigserial,
  symbol          text NOT NULL,
  direction       text NOT NULL CHECK (direction IN ('above', 'below')),
  level           double precision NOT NULL CHECK (level > 0 AND level < 'Infinity'),
  -- The price when it was set, and where that price came from.
  price_at_set    double precision NOT NULL CHECK (price_at_set > 0 AND price_at_set < 'Infinity'),
  price_source    text NOT NULL,
  note            text,
  actor           text NOT NULL,
  state           text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'triggered', 'cancelled')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  triggered_at    timestamptz,
  triggered_price double precision,
  -- The trigger price's own time (a stored close's bar time, a trade's time).
  triggered_price_at timestamptz,
  triggered_source text,
  cancelled_at    timestamptz,
  cancelled_by    text,
  CONSTRAINT price_alerts_settled CHECK (
    (state = 'triggered') = (triggered_at IS NOT NULL AND triggered_price IS NOT NULL)
    AND (state = 'cancelled') = (cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL))
);

CREATE INDEX price_alerts_active ON price_alerts (symbol) WHERE state = 'active';
CREATE INDEX price_alerts_created ON price_alerts (created_at DESC);

ALTER TABLE events DROP CONSTRAINT events_topic_check;
ALTER TABLE events ADD CONSTRAINT events_topic_check CHECK (topic IN
  ('scan.completed', 'correlation.regime', 'approval.pending', 'order.updated', 'trading.state',
   'price.alert'));
