-- generate_code's audit trail. `generated_programs` holds each distinct program once, filed by
-- its content hash (sha256 of its UTF-8 bytes), with the strategy, target and generator version
-- that made it; `code_generations` has one row per call: who asked, when. Regenerating an
-- unchanged spec with an unchanged generator gives the same bytes, so it adds a generation and
-- no program. A program embeds its strategy's rules and parameters, so like a spec its text is
-- sealed with the store's SecretBox when there is one (`code_sealed`, authenticated with
-- `generated_programs.code:<content hash>`), plaintext jsonb (a JSON string) otherwise.

CREATE TABLE generated_programs (
  content_hash      text PRIMARY KEY CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  spec_hash         text NOT NULL REFERENCES strategies (id),
  target            text NOT NULL CHECK (target ~ '^[a-z0-9-]{1,40}$'),
  generator_version text NOT NULL CHECK (length(generator_version) BETWEEN 1 AND 80),
  filename          text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  bytes             integer NOT NULL CHECK (bytes >= 0),
  code              jsonb,
  code_sealed       text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT generated_programs_one_form CHECK ((code IS NULL) <> (code_sealed IS NULL)),
  CONSTRAINT generated_programs_plain_text CHECK (code IS NULL OR jsonb_typeof(code) = 'string'),
  -- Plaintext JSON can never pass for an envelope.
  CONSTRAINT generated_programs_sealed_envelope
    CHECK (code_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.')
);

CREATE INDEX generated_programs_spec_target ON generated_programs (spec_hash, target);

CREATE TABLE code_generations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  content_hash text NOT NULL REFERENCES generated_programs (content_hash),
  actor        text NOT NULL CHECK (actor <> ''),
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX code_generations_created ON code_generations (created_at DESC);
CREATE INDEX code_generations_program ON code_generations (content_hash, created_at DESC);
