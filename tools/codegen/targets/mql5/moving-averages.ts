import { mql5Function } from "./library.ts";

/** Moving averages (engine/indicators/moving-averages.ts), statement for statement. */
export const movingAverageFunctions = [
  mql5Function(
    "SmaInto",
    [],
    String.raw`
// SMA of source[begin..] written to out[begin + period - 1..] (TA-Lib's running sum).
void SmaInto(const double &source[], int period, double &out[], int begin)
  {
   int length = ArraySize(source);
   if(begin + period > length)
      return;
   double total = 0.0;
   int i = begin;
   int firstOutput = begin + period - 1;
   while(i < firstOutput)
     {
      total += source[i];
      i++;
     }
   int trailing = begin;
   for(; i < length; i++)
     {
      total += source[i];
      double value = total;
      total -= source[trailing];
      trailing++;
      out[i] = value / period;
     }
  }
`,
  ),
  mql5Function(
    "Sma",
    ["NewSeries", "SmaInto", "FirstValid"],
    String.raw`
// Simple moving average (TA-Lib SMA); first value at index period - 1.
void Sma(const double &source[], int period, double &out[])
  {
   NewSeries(ArraySize(source), out);
   SmaInto(source, period, out, FirstValid(source));
  }
`,
  ),
  mql5Function(
    "Ema",
    ["NewSeries", "FirstValid"],
    String.raw`
// Exponential moving average (TA-Lib EMA): seeded with the SMA of the first period values,
// k = 2 / (period + 1).
void Ema(const double &source[], int period, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   int firstOutput = FirstValid(source) + period - 1;
   if(firstOutput >= length)
      return;
   double k = 2.0 / (period + 1);
   double total = 0.0;
   for(int i = firstOutput - period + 1; i <= firstOutput; i++)
      total += source[i];
   double previous = total / period;
   out[firstOutput] = previous;
   for(int i = firstOutput + 1; i < length; i++)
     {
      previous = (source[i] - previous) * k + previous;
      out[i] = previous;
     }
  }
`,
  ),
  mql5Function(
    "Wma",
    ["NewSeries", "FirstValid"],
    String.raw`
// Weighted moving average (TA-Lib WMA): weights 1..period, newest heaviest.
void Wma(const double &source[], int period, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   int begin = FirstValid(source);
   if(begin + period > length)
      return;
   double divider = (double)period * (period + 1) / 2.0;
   double periodSum = 0.0;
   double periodSub = 0.0;
   int i = begin;
   int firstOutput = begin + period - 1;
   int weight = 1;
   while(i < firstOutput)
     {
      double value = source[i];
      i++;
      periodSub += value;
      periodSum += value * weight;
      weight++;
     }
   int trailing = begin;
   double trailingValue = 0.0;
   for(; i < length; i++)
     {
      double value = source[i];
      periodSub += value;
      periodSub -= trailingValue;
      periodSum += value * period;
      trailingValue = source[trailing];
      trailing++;
      out[i] = periodSum / divider;
      periodSum -= periodSub;
     }
  }
`,
  ),
  mql5Function(
    "Dema",
    ["Ema"],
    String.raw`
// Double EMA (TA-Lib DEMA): 2 EMA - EMA(EMA); first value at 2 (period - 1).
void Dema(const double &source[], int period, double &out[])
  {
   double first[];
   double second[];
   Ema(source, period, first);
   Ema(first, period, second);
   int length = ArraySize(source);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
      out[i] = 2 * first[i] - second[i];
  }
`,
  ),
  mql5Function(
    "Tema",
    ["Ema"],
    String.raw`
// Triple EMA (TA-Lib TEMA): 3 EMA - 3 EMA(EMA) + EMA(EMA(EMA)); first value at 3 (period - 1).
void Tema(const double &source[], int period, double &out[])
  {
   double first[];
   double second[];
   double third[];
   Ema(source, period, first);
   Ema(first, period, second);
   Ema(second, period, third);
   int length = ArraySize(source);
   ArrayResize(out, length);
   for(int i = 0; i < length; i++)
      out[i] = 3 * first[i] - 3 * second[i] + third[i];
  }
`,
  ),
];
