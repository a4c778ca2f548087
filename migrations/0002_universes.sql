-- User-defined universes: named symbol lists. Built-in universes live in code (tools/universes).

CREATE TABLE universes (
  name        text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  description text NOT NULL DEFAULT '',
  symbols     text[] NOT NULL CHECK (cardinality(symbols) BETWEEN 1 AND 5000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
