-- Splits and cash dividends, stored raw; adjusted series are computed on demand (engine/adjust).

CREATE TABLE corporate_actions (
  symbol   text NOT NULL,
  ex_date  date NOT NULL,
  kind     text NOT NULL CHECK (kind IN ('split', 'dividend')),
  ratio    double precision CHECK (ratio > 0),
  amount   double precision CHECK (amount > 0),
  PRIMARY KEY (symbol, ex_date, kind),
  CONSTRAINT corporate_actions_value CHECK ((kind = 'split') = (ratio IS NOT NULL) AND (kind = 'dividend') = (amount IS NOT NULL))
);
