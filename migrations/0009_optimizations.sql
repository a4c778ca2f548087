-- Parameter optimizations and their trials. An optimization is keyed by a hash of its request
-- (template and settings), so asking again resumes an unfinished one and returns a finished one.
-- Trials are written as they finish: a crash loses at most the trial that was running.

CREATE TABLE optimizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key         text NOT NULL UNIQUE,
  template    jsonb NOT NULL,
  settings    jsonb NOT NULL,
  state       text NOT NULL DEFAULT 'running'
              CHECK (state IN ('running', 'completed', 'failed', 'cancelled')),
  result      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE optimization_trials (
  optimization_id uuid NOT NULL REFERENCES optimizations (id) ON DELETE CASCADE,
  -- Which search the trial belongs to: "main", "ladder:3" (level 3), "walk-forward:2" (window 2).
  stage           text NOT NULL CHECK (stage <> ''),
  number          integer NOT NULL CHECK (number >= 0),
  params          jsonb NOT NULL,
  state           text NOT NULL CHECK (state IN ('complete', 'pruned', 'failed')),
  value           double precision
                  CHECK (value IS NULL OR value NOT IN ('NaN', 'Infinity', '-Infinity')),
  metrics         jsonb,
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (optimization_id, stage, number)
);
