import { mql5Function } from "./library.ts";

/** Rolling extremes and bars since them (engine/indicators/extremes.ts). */
export const extremeFunctions = [
  mql5Function(
    "Beats",
    [],
    String.raw`
// Whether candidate beats extreme (sign 1: is higher, -1: is lower), or ties it when orEqual;
// never when either is undefined.
bool Beats(double candidate, double extreme, int sign, bool orEqual)
  {
   double difference = sign * (candidate - extreme);
   if(!MathIsValidNumber(difference))
      return false;
   return orEqual ? difference >= 0 : difference > 0;
  }
`,
  ),
  mql5Function(
    "RollingExtremeInto",
    ["Beats"],
    String.raw`
// TA-Lib's MAX/MIN/MAXINDEX/MININDEX walk: the extreme is kept while in the window, replaced by
// a newer value that equals or beats it, and rescanned from the oldest bar when it leaves.
// sign 1 tracks the maximum, -1 the minimum; writes values (or, with asIndex, the extreme's
// index) from begin + period - 1.
void RollingExtremeInto(const double &source[], int period, int sign, int begin, double &out[], bool asIndex)
  {
   int length = ArraySize(source);
   int extremeIndex = -1;
   double extreme = 0.0;
   int trailing = begin;
   for(int today = begin + period - 1; today < length; today++)
     {
      double value = source[today];
      if(extremeIndex < trailing)
        {
         extremeIndex = trailing;
         extreme = source[trailing];
         for(int i = trailing + 1; i <= today; i++)
           {
            double candidate = source[i];
            if(Beats(candidate, extreme, sign, false))
              {
               extremeIndex = i;
               extreme = candidate;
              }
           }
        }
      else if(Beats(value, extreme, sign, true))
        {
         extremeIndex = today;
         extreme = value;
        }
      out[today] = asIndex ? (double)extremeIndex : extreme;
      trailing++;
     }
  }
`,
  ),
  mql5Function(
    "RollingMin",
    ["NewSeries", "RollingExtremeInto", "FirstValid"],
    String.raw`
// Lowest value of the last period bars (TA-Lib MIN).
void RollingMin(const double &source[], int period, double &out[])
  {
   NewSeries(ArraySize(source), out);
   RollingExtremeInto(source, period, -1, FirstValid(source), out, false);
  }
`,
  ),
  mql5Function(
    "RollingMax",
    ["NewSeries", "RollingExtremeInto", "FirstValid"],
    String.raw`
// Highest value of the last period bars (TA-Lib MAX).
void RollingMax(const double &source[], int period, double &out[])
  {
   NewSeries(ArraySize(source), out);
   RollingExtremeInto(source, period, 1, FirstValid(source), out, false);
  }
`,
  ),
  mql5Function(
    "BarsSinceExtreme",
    ["NewSeries", "RollingExtremeInto", "FirstValid"],
    String.raw`
// Bars since the extreme of the last period bars, 0 = this bar (from TA-Lib MAXINDEX / MININDEX).
void BarsSinceExtreme(const double &source[], int period, int sign, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   int begin = FirstValid(source);
   RollingExtremeInto(source, period, sign, begin, out, true);
   for(int i = begin + period - 1; i < length; i++)
      out[i] = i - out[i];
  }
`,
  ),
  mql5Function(
    "HighestBars",
    ["BarsSinceExtreme"],
    String.raw`
// Bars since the highest value of the last period bars.
void HighestBars(const double &source[], int period, double &out[])
  {
   BarsSinceExtreme(source, period, 1, out);
  }
`,
  ),
  mql5Function(
    "LowestBars",
    ["BarsSinceExtreme"],
    String.raw`
// Bars since the lowest value of the last period bars.
void LowestBars(const double &source[], int period, double &out[])
  {
   BarsSinceExtreme(source, period, -1, out);
  }
`,
  ),
];
