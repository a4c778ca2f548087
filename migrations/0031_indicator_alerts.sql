-- Alerts on an indicator at the daily close ("when SPY's RSI(14) falls below 30"): the indicator
-- as a strategy spec writes it (a numeric expression), null for a price alert. For such an
-- alert the level, the value when it was set and the value that fired it are the indicator's,
-- which may be zero or negative (a MACD histogram, Williams %R); a price alert's stay positive.

ALTER TABLE price_alerts ADD COLUMN indicator jsonb;

ALTER TABLE price_alerts DROP CONSTRAINT price_alerts_level_check;
ALTER TABLE price_alerts DROP CONSTRAINT price_alerts_price_at_set_check;
ALTER TABLE price_alerts ADD CONSTRAINT price_alerts_level_check CHECK (
  level > '-Infinity' AND level < 'Infinity' AND (indicator IS NOT NULL OR level > 0));
ALTER TABLE price_alerts ADD CONSTRAINT price_alerts_price_at_set_check CHECK (
  price_at_set > '-Infinity' AND price_at_set < 'Infinity'
  AND (indicator IS NOT NULL OR price_at_set > 0));
