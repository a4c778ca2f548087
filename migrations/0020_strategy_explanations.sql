-- Strategy explanations (explain_strategy): one per strategy, reading level and jargon-free
-- mode, replaced when the strategy is explained again. The explanation (its facts, mechanisms,
-- sections and text) names the strategy's rules and parameters, so like a spec it is sealed with
-- the store's SecretBox when there is one (`explanation_sealed`, authenticated with
-- `strategy_explanations.explanation:<strategy id>:<level>:<jargon free>`), plaintext jsonb
-- otherwise; exactly one of the two holds it.

CREATE TABLE strategy_explanations (
  strategy_id        text NOT NULL REFERENCES strategies (id),
  level              text NOT NULL CHECK (level IN ('beginner', 'intermediate', 'expert')),
  jargon_free        boolean NOT NULL,
  source             text NOT NULL CHECK (source IN ('templates', 'model')),
  explanation        jsonb,
  explanation_sealed text,
  saved_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, level, jargon_free),
  CONSTRAINT strategy_explanations_one_form
    CHECK ((explanation IS NULL) <> (explanation_sealed IS NULL)),
  -- Plaintext JSON can never pass for an envelope.
  CONSTRAINT strategy_explanations_sealed_envelope
    CHECK (explanation_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.')
);
