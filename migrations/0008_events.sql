-- What happened, for whoever subscribes (the chat layer posts it): a completed scan, a
-- correlation regime change. A row is written in the same transaction as what it reports, so
-- an event is never lost nor announced for work that rolled back. Event writers take one
-- advisory lock until they commit, so ids are handed out in commit order and a subscriber that
-- reads `id > its cursor` never skips an event that committed late.

CREATE TABLE events (
  id         bigserial PRIMARY KEY,
  topic      text NOT NULL CHECK (topic IN ('scan.completed', 'correlation.regime')),
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_topic_id ON events (topic, id);

-- How far each named subscriber has handled events, so it resumes where it stopped.
CREATE TABLE event_cursors (
  subscriber text PRIMARY KEY CHECK (subscriber <> ''),
  last_id    bigint NOT NULL CHECK (last_id >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
