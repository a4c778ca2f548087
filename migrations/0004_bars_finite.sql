-- NaN and Infinity pass `> 0` and the OHLC ordering checks (PostgreSQL orders NaN above every
-- number), so refuse them explicitly: NaN is not below 'Infinity' either.
ALTER TABLE bars ADD CONSTRAINT bars_values_finite CHECK (
  open < 'Infinity' AND high < 'Infinity' AND low < 'Infinity' AND close < 'Infinity'
  AND volume < 'Infinity'
);
