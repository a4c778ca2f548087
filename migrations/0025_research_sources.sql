-- Research sources read on schedules of their own, the health of their reads, feed item URLs
-- remembered so stored items are not fetched again, and which strategies have had the research
-- stored before them linked (research/README.md).

ALTER TABLE research_sources
  -- Read every this many minutes; NULL: by `schedule` (a cron) or, without one, its kind's default.
  ADD COLUMN refresh_minutes integer CHECK (refresh_minutes BETWEEN 15 AND 43200),
  -- When the last read started, finished or not: two runs never read a source at once.
  ADD COLUMN last_attempt_at timestamptz,
  -- The last read that failed (the source itself, not one of its items), and how many failed in a
  -- row since the last good one (`last_fetched_at`).
  ADD COLUMN last_error text,
  ADD COLUMN last_error_at timestamptz,
  ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  ADD CONSTRAINT research_sources_one_schedule CHECK (schedule IS NULL OR refresh_minutes IS NULL);

-- The URL a feed listed for a document, canonical, where its page was found at another (a redirect).
ALTER TABLE research_documents ADD COLUMN listed_url text;
CREATE INDEX research_documents_listed_url_idx ON research_documents (listed_url)
  WHERE listed_url IS NOT NULL;

-- A strategy whose older research has been read for links (it is linked to newer research as that
-- is stored).
CREATE TABLE research_relinked_strategies (
  strategy_id text PRIMARY KEY REFERENCES strategies (id),
  links       integer NOT NULL CHECK (links >= 0),
  relinked_at timestamptz NOT NULL DEFAULT now()
);
