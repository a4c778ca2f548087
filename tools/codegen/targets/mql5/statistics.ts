import { mql5Function } from "./library.ts";

/** Rolling standard deviation, z-score and regression slope (engine/indicators/statistics.ts). */
export const statisticsFunctions = [
  mql5Function(
    "RollingStdInto",
    ["IsZeroOrNegative"],
    String.raw`
// Population standard deviation from running sums (TA-Lib STDDEV), written from
// begin + period - 1; variances within 1e-14 of zero or below count as 0.
void RollingStdInto(const double &source[], int period, double &out[], int begin)
  {
   int length = ArraySize(source);
   if(begin + period > length)
      return;
   double total = 0.0;
   double squares = 0.0;
   int i = begin;
   int firstOutput = begin + period - 1;
   for(; i < firstOutput; i++)
     {
      double value = source[i];
      total += value;
      squares += value * value;
     }
   int trailing = begin;
   for(; i < length; i++)
     {
      double value = source[i];
      total += value;
      squares += value * value;
      double mean = total / period;
      double meanOfSquares = squares / period;
      double old = source[trailing];
      trailing++;
      total -= old;
      squares -= old * old;
      double variance = meanOfSquares - mean * mean;
      out[i] = IsZeroOrNegative(variance) ? 0.0 : MathSqrt(variance);
     }
  }
`,
  ),
  mql5Function(
    "RollingStd",
    ["NewSeries", "RollingStdInto", "FirstValid"],
    String.raw`
// Rolling population standard deviation (TA-Lib STDDEV, nbDev 1).
void RollingStd(const double &source[], int period, double &out[])
  {
   NewSeries(ArraySize(source), out);
   RollingStdInto(source, period, out, FirstValid(source));
  }
`,
  ),
  mql5Function(
    "ZScore",
    ["NewSeries", "FirstValid", "SmaInto", "RollingStdInto", "Undefined"],
    String.raw`
// (x - SMA) / population std over period bars; undefined where the window is flat.
void ZScore(const double &source[], int period, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   int begin = FirstValid(source);
   double mean[];
   NewSeries(length, mean);
   SmaInto(source, period, mean, begin);
   RollingStdInto(source, period, out, begin);
   for(int i = begin + period - 1; i < length; i++)
     {
      double deviation = out[i];
      out[i] = (MathIsValidNumber(deviation) && deviation > 0) ? (source[i] - mean[i]) / deviation : Undefined();
     }
  }
`,
  ),
  mql5Function(
    "LinRegSlope",
    ["NewSeries", "FirstValid"],
    String.raw`
// Slope of the least-squares line through the last period values (TA-Lib LINEARREG_SLOPE).
void LinRegSlope(const double &source[], int period, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   double sumX = (double)period * (period - 1) * 0.5;
   double sumXSquared = (double)period * (period - 1) * (2 * period - 1) / 6.0;
   double divisor = sumX * sumX - period * sumXSquared;
   for(int today = FirstValid(source) + period - 1; today < length; today++)
     {
      double sumXY = 0.0;
      double sumY = 0.0;
      // x counts bars back from today, as in TA-Lib; the negative divisor turns the slope forward.
      for(int x = period - 1; x >= 0; x--)
        {
         double value = source[today - x];
         sumY += value;
         sumXY += x * value;
        }
      out[today] = (period * sumXY - sumX * sumY) / divisor;
     }
  }
`,
  ),
];
