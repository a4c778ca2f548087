import { mql5Function } from "./library.ts";

/** Stochastic oscillators and Williams %R (engine/indicators/stochastic.ts). */
export const stochasticFunctions = [
  mql5Function(
    "RawK",
    ["NewSeries", "RollingExtremeInto", "Undefined"],
    String.raw`
// Raw %K (TA-Lib's fast-K loop): (close - lowest low) / ((highest high - lowest low) / 100), 0 on
// a flat window; from begin + period - 1.
void RawK(const double &high[], const double &low[], const double &close[], int period, int begin, double &out[])
  {
   int length = ArraySize(close);
   double highest[];
   double lowest[];
   NewSeries(length, highest);
   NewSeries(length, lowest);
   RollingExtremeInto(high, period, 1, begin, highest, false);
   RollingExtremeInto(low, period, -1, begin, lowest, false);
   NewSeries(length, out);
   for(int i = begin + period - 1; i < length; i++)
     {
      double span = (highest[i] - lowest[i]) / 100;
      if(!MathIsValidNumber(span))
         out[i] = Undefined();
      else
         out[i] = span != 0.0 ? (close[i] - lowest[i]) / span : 0.0;
     }
  }
`,
  ),
  mql5Function(
    "Stochastic",
    ["NewSeries", "RawK", "SmaInto"],
    String.raw`
// Slow stochastic (Lane; TA-Lib STOCH with SMA smoothing): %K = SMA(raw %K, kSmoothing),
// %D = SMA(%K, dPeriod); both lines start at (kPeriod - 1) + (kSmoothing - 1) + (dPeriod - 1).
// line: OUT_K or OUT_D.
void Stochastic(const BarSeries &bars, int kPeriod, int kSmoothing, int dPeriod, int line, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   int first = kPeriod - 1 + kSmoothing - 1 + dPeriod - 1;
   if(first >= length)
      return;
   double fastK[];
   double slowK[];
   double d[];
   RawK(bars.high, bars.low, bars.close, kPeriod, 0, fastK);
   NewSeries(length, slowK);
   NewSeries(length, d);
   SmaInto(fastK, kSmoothing, slowK, kPeriod - 1);
   SmaInto(slowK, dPeriod, d, kPeriod - 1 + kSmoothing - 1);
   for(int i = first; i < length; i++)
      out[i] = line == OUT_K ? slowK[i] : d[i];
  }
`,
  ),
  mql5Function(
    "WilliamsR",
    ["NewSeries", "RollingExtremeInto"],
    String.raw`
// Williams %R (TA-Lib WILLR): (highest high - close) / ((highest high - lowest low) / -100), 0 on a
// flat window.
void WilliamsR(const BarSeries &bars, int period, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   if(period > length)
      return;
   double highest[];
   double lowest[];
   NewSeries(length, highest);
   NewSeries(length, lowest);
   RollingExtremeInto(bars.high, period, 1, 0, highest, false);
   RollingExtremeInto(bars.low, period, -1, 0, lowest, false);
   for(int i = period - 1; i < length; i++)
     {
      double span = (highest[i] - lowest[i]) / -100;
      out[i] = span != 0.0 ? (highest[i] - bars.close[i]) / span : 0.0;
     }
  }
`,
  ),
];
