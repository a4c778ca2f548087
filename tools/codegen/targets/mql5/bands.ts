import { mql5Function } from "./library.ts";

/** Bollinger, Donchian and Keltner bands (engine/indicators/bands.ts). */
export const bandFunctions = [
  mql5Function(
    "Bollinger",
    ["NewSeries", "FirstValid", "IsZeroOrNegative"],
    String.raw`
// Bollinger Bands (TA-Lib BBANDS with an SMA): SMA(period) +- stdDev population standard
// deviations (TA-Lib's running mean of squares). line: OUT_UPPER, OUT_MIDDLE or OUT_LOWER.
void Bollinger(const double &source[], int period, double stdDev, int line, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   int begin = FirstValid(source);
   if(begin + period > length)
      return;
   double total = 0.0;
   double squares = 0.0;
   int firstOutput = begin + period - 1;
   for(int i = begin; i < firstOutput; i++)
     {
      double value = source[i];
      total += value;
      squares += value * value;
     }
   int trailing = begin;
   for(int i = firstOutput; i < length; i++)
     {
      double value = source[i];
      double old = source[trailing];
      trailing++;
      total += value;
      double mean = total / period;
      total -= old;
      squares += value * value;
      double meanOfSquares = squares / period;
      squares -= old * old;
      double variance = meanOfSquares - mean * mean;
      double width = (IsZeroOrNegative(variance) ? 0.0 : MathSqrt(variance)) * stdDev;
      if(line == OUT_UPPER)
         out[i] = mean + width;
      else if(line == OUT_MIDDLE)
         out[i] = mean;
      else
         out[i] = mean - width;
     }
  }
`,
  ),
  mql5Function(
    "Donchian",
    ["NewSeries", "RollingExtremeInto"],
    String.raw`
// Donchian channel: highest high and lowest low of period bars, and their mean.
// line: OUT_UPPER, OUT_MIDDLE or OUT_LOWER.
void Donchian(const BarSeries &bars, int period, int line, double &out[])
  {
   int length = ArraySize(bars.close);
   double upper[];
   double lower[];
   NewSeries(length, upper);
   NewSeries(length, lower);
   RollingExtremeInto(bars.high, period, 1, 0, upper, false);
   RollingExtremeInto(bars.low, period, -1, 0, lower, false);
   if(line == OUT_UPPER)
      ArrayCopy(out, upper);
   else if(line == OUT_LOWER)
      ArrayCopy(out, lower);
   else
     {
      NewSeries(length, out);
      for(int i = period - 1; i < length; i++)
         out[i] = (upper[i] + lower[i]) / 2;
     }
  }
`,
  ),
  mql5Function(
    "Keltner",
    ["Ema", "Atr", "Undefined"],
    String.raw`
// Keltner channel (ATR form): EMA(close, period) +- multiplier x ATR(atrPeriod), defined where
// both are. line: OUT_UPPER, OUT_MIDDLE or OUT_LOWER.
void Keltner(const BarSeries &bars, int period, double multiplier, int atrPeriod, int line, double &out[])
  {
   int length = ArraySize(bars.close);
   double middle[];
   double span[];
   Ema(bars.close, period, middle);
   Atr(bars, atrPeriod, span);
   ArrayResize(out, length);
   int first = MathMin(MathMax(period - 1, atrPeriod), length);
   for(int i = 0; i < length; i++)
     {
      double width = multiplier * span[i];
      if(i < first)
         out[i] = Undefined();
      else if(line == OUT_UPPER)
         out[i] = middle[i] + width;
      else if(line == OUT_MIDDLE)
         out[i] = middle[i];
      else
         out[i] = middle[i] - width;
     }
  }
`,
  ),
];
