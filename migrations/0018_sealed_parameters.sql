-- Strategy parameters outside the strategies table encrypted at rest, as 0015 did for specs:
-- each jsonb column that holds parameters gets a text column `<column>_sealed` beside it for its
-- SecretBox envelope, authenticated with `<table>.<column>:<row key>` (tools/adapters/sql/
-- sealed-columns.ts) so an envelope copied to another row or column does not open:
--   findings.strategy_spec, findings.parameters       row key: the finding's key
--   optimizations.template, .settings, .result        row key: the optimization's id
--   optimization_trials.params                        row key: <optimization id>:<number>:<stage>
--   validation_reports.report                         row key: <strategy id>:<version>
-- Rows written before this migration keep their plaintext until `alphadesk secrets reseal` seals
-- them; exactly one of the two columns holds a value (an unfinished optimization has no result,
-- so at most one there).
--
-- A scan decays only findings of its own timeframe, which it read from the plaintext spec: the
-- timeframe gets a plain column, filled here from the specs (every scanner version wrote one).

ALTER TABLE findings
  ADD COLUMN timeframe text,
  ALTER COLUMN strategy_spec DROP NOT NULL,
  ADD COLUMN strategy_spec_sealed text,
  ALTER COLUMN parameters DROP NOT NULL,
  ADD COLUMN parameters_sealed text;

UPDATE findings SET timeframe = strategy_spec->>'timeframe';

ALTER TABLE findings
  ALTER COLUMN timeframe SET NOT NULL,
  ADD CONSTRAINT findings_strategy_spec_one_form
    CHECK ((strategy_spec IS NULL) <> (strategy_spec_sealed IS NULL)),
  -- Plaintext JSON can never pass for an envelope.
  ADD CONSTRAINT findings_strategy_spec_sealed_envelope
    CHECK (strategy_spec_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.'),
  ADD CONSTRAINT findings_parameters_one_form
    CHECK ((parameters IS NULL) <> (parameters_sealed IS NULL)),
  ADD CONSTRAINT findings_parameters_sealed_envelope
    CHECK (parameters_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.');

ALTER TABLE optimizations
  ALTER COLUMN template DROP NOT NULL,
  ADD COLUMN template_sealed text,
  ALTER COLUMN settings DROP NOT NULL,
  ADD COLUMN settings_sealed text,
  ADD COLUMN result_sealed text,
  ADD CONSTRAINT optimizations_template_one_form
    CHECK ((template IS NULL) <> (template_sealed IS NULL)),
  ADD CONSTRAINT optimizations_template_sealed_envelope
    CHECK (template_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.'),
  ADD CONSTRAINT optimizations_settings_one_form
    CHECK ((settings IS NULL) <> (settings_sealed IS NULL)),
  ADD CONSTRAINT optimizations_settings_sealed_envelope
    CHECK (settings_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.'),
  ADD CONSTRAINT optimizations_result_one_form
    CHECK (result IS NULL OR result_sealed IS NULL),
  ADD CONSTRAINT optimizations_result_sealed_envelope
    CHECK (result_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.');

ALTER TABLE optimization_trials
  ALTER COLUMN params DROP NOT NULL,
  ADD COLUMN params_sealed text,
  ADD CONSTRAINT optimization_trials_params_one_form
    CHECK ((params IS NULL) <> (params_sealed IS NULL)),
  ADD CONSTRAINT optimization_trials_params_sealed_envelope
    CHECK (params_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.');

ALTER TABLE validation_reports
  ALTER COLUMN report DROP NOT NULL,
  ADD COLUMN report_sealed text,
  ADD CONSTRAINT validation_reports_report_one_form
    CHECK ((report IS NULL) <> (report_sealed IS NULL)),
  ADD CONSTRAINT validation_reports_report_sealed_envelope
    CHECK (report_sealed ~ '^v[0-9]+\.[A-Za-z0-9_-]{1,32}\.');
