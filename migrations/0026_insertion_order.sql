-- Insertion order for the tables listed newest first. `created_at` alone ties: PGlite's clock has
-- millisecond resolution, and rows written in one transaction share now() on any server, so "the
-- newest backtest" of two saved in one millisecond was either. `seq` breaks such ties exactly
-- (for `optimizations`, listed by `updated_at`, a tie goes to the later one started). Existing
-- rows are numbered in their stored order.

ALTER TABLE strategies ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE backtests ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE portfolios ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE order_intents ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE approvals ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE order_batches ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE code_generations ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE correlation_snapshots ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE currency_strength ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE optimizations ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
