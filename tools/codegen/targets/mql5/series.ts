import { mql5Function } from "./library.ts";

/**
 * Price sources, series arithmetic and rules as the engine evaluates them (engine/strategy/
 * expressions.ts, rules.ts): undefined stays undefined, and rules are three-valued (RULE_FALSE,
 * RULE_TRUE, RULE_UNKNOWN) where UNKNOWN never fires and `not` keeps it UNKNOWN.
 */
export const seriesFunctions = [
  mql5Function(
    "Hl2",
    [],
    String.raw`
void Hl2(const BarSeries &bars, double &out[])
  {
   int length = ArraySize(bars.close);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
      out[i] = (bars.high[i] + bars.low[i]) / 2;
  }
`,
  ),
  mql5Function(
    "Hlc3",
    [],
    String.raw`
void Hlc3(const BarSeries &bars, double &out[])
  {
   int length = ArraySize(bars.close);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
      out[i] = (bars.high[i] + bars.low[i] + bars.close[i]) / 3;
  }
`,
  ),
  mql5Function(
    "Ohlc4",
    [],
    String.raw`
void Ohlc4(const BarSeries &bars, double &out[])
  {
   int length = ArraySize(bars.close);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
      out[i] = (bars.open[i] + bars.high[i] + bars.low[i] + bars.close[i]) / 4;
  }
`,
  ),
  mql5Function(
    "Constant",
    [],
    String.raw`
void Constant(int length, double value, double &out[])
  {
   ArrayResize(out, length);
   ArrayInitialize(out, value);
  }
`,
  ),
  mql5Function(
    "Arithmetic",
    ["Undefined"],
    String.raw`
// a op b bar by bar, op one of '+', '-', '*', '/', 'm' (min), 'M' (max). Division by zero is
// undefined, not infinite, so it cannot trigger a comparison; min and max are undefined when
// either side is (JavaScript's Math.min and Math.max).
void Arithmetic(const double &a[], ushort op, const double &b[], double &out[])
  {
   int length = ArraySize(a);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
     {
      double x = a[i];
      double y = b[i];
      if(op == '+')
         out[i] = x + y;
      else if(op == '-')
         out[i] = x - y;
      else if(op == '*')
         out[i] = x * y;
      else if(op == '/')
         out[i] = (MathIsValidNumber(y) && y != 0.0) ? x / y : Undefined();
      else if(!MathIsValidNumber(x) || !MathIsValidNumber(y))
         out[i] = Undefined();
      else if(op == 'm')
         out[i] = y < x ? y : x;
      else
         out[i] = y > x ? y : x;
     }
  }
`,
  ),
  mql5Function(
    "Absolute",
    [],
    String.raw`
void Absolute(const double &a[], double &out[])
  {
   int length = ArraySize(a);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
      out[i] = MathAbs(a[i]);
  }
`,
  ),
  mql5Function(
    "Lag",
    ["NewSeries"],
    String.raw`
// The value bars bars ago; undefined where there is no such bar.
void Lag(const double &a[], int bars, double &out[])
  {
   int length = ArraySize(a);
   NewSeries(length, out);
   for(int i = bars; i < length; i++)
      out[i] = a[i - bars];
  }
`,
  ),
  mql5Function(
    "Greater",
    [],
    String.raw`
// a > b (orEqual: a >= b) bar by bar; UNKNOWN where either is undefined.
void Greater(const double &a[], const double &b[], bool orEqual, int &out[])
  {
   int length = ArraySize(a);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
     {
      double x = a[i];
      double y = b[i];
      if(!MathIsValidNumber(x) || !MathIsValidNumber(y))
         out[i] = RULE_UNKNOWN;
      else if(orEqual ? x >= y : x > y)
         out[i] = RULE_TRUE;
      else
         out[i] = RULE_FALSE;
     }
  }
`,
  ),
  mql5Function(
    "CrossesAbove",
    [],
    String.raw`
// a crosses above b at t: a[t] > b[t] and a[t-1] <= b[t-1], UNKNOWN unless both sides are defined
// on both bars. Judged on a - b, so that CrossesAbove(b, a) is the exact mirror.
void CrossesAbove(const double &a[], const double &b[], int &out[])
  {
   int length = MathMin(ArraySize(a), ArraySize(b));
   ArrayResize(out, length);
   ArrayInitialize(out, RULE_FALSE);
   if(length == 0)
      return;
   out[0] = RULE_UNKNOWN;
   double before = a[0] - b[0];
   for(int t = 1; t < length; t++)
     {
      double now = a[t] - b[t];
      if(!MathIsValidNumber(now) || !MathIsValidNumber(before))
         out[t] = RULE_UNKNOWN;
      else if(now > 0 && before <= 0)
         out[t] = RULE_TRUE;
      before = now;
     }
  }
`,
  ),
  mql5Function(
    "ConstantRule",
    [],
    String.raw`
void ConstantRule(int length, int value, int &out[])
  {
   ArrayResize(out, length);
   ArrayInitialize(out, value);
  }
`,
  ),
  mql5Function(
    "KleeneAnd",
    [],
    String.raw`
// acc = acc and part: FALSE if either is FALSE, else UNKNOWN if either is UNKNOWN, else TRUE.
void KleeneAnd(int &acc[], const int &part[])
  {
   for(int i = 0; i < ArraySize(acc); i++)
     {
      if(part[i] == RULE_FALSE)
         acc[i] = RULE_FALSE;
      else if(part[i] == RULE_UNKNOWN && acc[i] == RULE_TRUE)
         acc[i] = RULE_UNKNOWN;
     }
  }
`,
  ),
  mql5Function(
    "KleeneOr",
    [],
    String.raw`
// acc = acc or part: TRUE if either is TRUE, else UNKNOWN if either is UNKNOWN, else FALSE.
void KleeneOr(int &acc[], const int &part[])
  {
   for(int i = 0; i < ArraySize(acc); i++)
     {
      if(part[i] == RULE_TRUE)
         acc[i] = RULE_TRUE;
      else if(part[i] == RULE_UNKNOWN && acc[i] == RULE_FALSE)
         acc[i] = RULE_UNKNOWN;
     }
  }
`,
  ),
  mql5Function(
    "KleeneNot",
    [],
    String.raw`
// not: UNKNOWN stays UNKNOWN.
void KleeneNot(const int &rule[], int &out[])
  {
   int length = ArraySize(rule);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
      out[i] = rule[i] == RULE_UNKNOWN ? RULE_UNKNOWN : 1 - rule[i];
  }
`,
  ),
  mql5Function(
    "OnlyWhere",
    [],
    String.raw`
// Keeps a signal only where the filter holds (TRUE; UNKNOWN blocks it).
void OnlyWhere(int &signals[], const int &allowed[])
  {
   for(int i = 0; i < ArraySize(signals); i++)
     {
      if(allowed[i] != RULE_TRUE)
         signals[i] = RULE_FALSE;
     }
  }
`,
  ),
  mql5Function(
    "VolatilityTargetFraction",
    ["NewSeries"],
    String.raw`
// Fraction of equity that targets an annual volatility: target / realized, capped. Realized
// volatility is the sample std of the last lookbackBars log returns, annualized; undefined (no
// entry) until there are that many returns (engine/strategy/compile.ts).
void VolatilityTargetFraction(const double &close[], double annualVolatilityPercent, int lookbackBars, double maxFraction, int barsPerYear, double &out[])
  {
   int length = ArraySize(close);
   NewSeries(length, out);
   double annualization = MathSqrt(barsPerYear);
   double total = 0.0;
   double squares = 0.0;
   for(int i = 1; i < length; i++)
     {
      double change = MathLog(close[i] / close[i - 1]);
      total += change;
      squares += change * change;
      if(i > lookbackBars)
        {
         double old = MathLog(close[i - lookbackBars] / close[i - lookbackBars - 1]);
         total -= old;
         squares -= old * old;
        }
      if(i >= lookbackBars)
        {
         double variance = (squares - (total * total) / lookbackBars) / (lookbackBars - 1);
         if(variance < 0)
            variance = 0.0;
         double realized = MathSqrt(variance) * annualization;
         out[i] = realized > 0 ? MathMin(maxFraction, annualVolatilityPercent / 100 / realized) : maxFraction;
        }
     }
  }
`,
  ),
  mql5Function(
    "DistanceAt",
    [],
    String.raw`
// Price distance of an exit level, fixed at entry (engine/simulate/portfolio.ts): 0 when unused
// (EXIT_NONE), a percent of the fill (EXIT_PERCENT), or a multiple of the ATR on the signal bar
// (EXIT_ATR; undefined while the ATR is).
double DistanceAt(int kind, double value, const double &atr[], int signalBar, double fill)
  {
   if(kind == EXIT_NONE)
      return 0.0;
   if(kind == EXIT_PERCENT)
      return (fill * value) / 100;
   return value * atr[signalBar];
  }
`,
  ),
];
