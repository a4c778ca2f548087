-- A research source can be paused: it is not read until resumed, and what it stored stays
-- searchable (research/README.md).
ALTER TABLE research_sources ADD COLUMN paused_at timestamptz;
