-- A strategy can be archived ("delete that strategy"): list_strategies and the chat's lookups by
-- name leave it out, and everything it has (spec, backtests, validations, programs) stays, so
-- "restore it" lists it again. Used again (backtested, optimized, validated, generated as code),
-- it is listed again. Only a strategy at the backtest stage can be archived.
ALTER TABLE strategies ADD COLUMN archived_at timestamptz;
