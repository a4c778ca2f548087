-- Research: sources (feeds and pages), the documents fetched from them, their chunks with a
-- full-text vector and, where pgvector exists, an embedding, and links from documents to
-- strategies. Everything but the embedding works on any PostgreSQL: full-text search needs no
-- extension. Text from the web is stored as it came: it is data, never instructions.

CREATE TABLE research_sources (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url             text NOT NULL UNIQUE CHECK (url ~ '^https?://'),
  kind            text NOT NULL CHECK (kind IN ('rss', 'html')),
  name            text NOT NULL CHECK (name <> ''),
  credibility     double precision NOT NULL DEFAULT 0.5 CHECK (credibility BETWEEN 0 AND 1),
  category        text,
  -- {"cron": "30 6 * * 1-5", "timeZone": "America/New_York"}; NULL: the daily research job's.
  schedule        jsonb CHECK (schedule IS NULL OR (jsonb_typeof(schedule -> 'cron') = 'string'
                    AND jsonb_typeof(schedule -> 'timeZone') = 'string')),
  -- The validators of the last response, sent back as If-None-Match / If-Modified-Since.
  etag            text,
  last_modified   text,
  last_fetched_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE research_documents (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id    bigint NOT NULL REFERENCES research_sources (id),
  -- The canonical URL and the hash of the normalized text (sha256 hex) each identify a document once.
  url          text NOT NULL UNIQUE,
  title        text NOT NULL,
  author       text,
  published_at timestamptz,
  fetched_at   timestamptz NOT NULL,
  content_hash text NOT NULL UNIQUE CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  text         text NOT NULL,
  symbols      text[] NOT NULL DEFAULT '{}',
  mechanisms   text[] NOT NULL DEFAULT '{}'
);

CREATE INDEX research_documents_recent_idx ON research_documents ((coalesce(published_at, fetched_at)) DESC);
CREATE INDEX research_documents_symbols_idx ON research_documents USING gin (symbols);

CREATE TABLE research_chunks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id bigint NOT NULL REFERENCES research_documents (id) ON DELETE CASCADE,
  chunk_index integer NOT NULL CHECK (chunk_index >= 0),
  text        text NOT NULL,
  tsv         tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  -- The embedder that made `embedding`: vectors of different embedders are never compared.
  embedder    text,
  UNIQUE (document_id, chunk_index)
);

CREATE INDEX research_chunks_tsv_idx ON research_chunks USING gin (tsv);

CREATE TABLE research_strategy_links (
  strategy_id text NOT NULL REFERENCES strategies (id),
  document_id bigint NOT NULL REFERENCES research_documents (id) ON DELETE CASCADE,
  reason      text NOT NULL CHECK (reason <> ''),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, document_id)
);

CREATE INDEX research_strategy_links_document_idx ON research_strategy_links (document_id);

-- The embedding column and its HNSW index (cosine distance) only where pgvector can be used
-- (PGlite loads it; Debian's PostgreSQL 15 has no package). Without it research search runs on
-- full text alone and says so. 384 dimensions: research/embed/local-embedder.ts makes them, and
-- OpenAI's text-embedding-3 models shorten theirs to them.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS vector;
      ALTER TABLE research_chunks ADD COLUMN embedding vector(384);
      CREATE INDEX research_chunks_embedding_idx ON research_chunks
        USING hnsw (embedding vector_cosine_ops);
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pgvector is available but could not be used (%); research search stays full-text only', SQLERRM;
    END;
  END IF;
END $$;
