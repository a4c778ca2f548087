import { mql5Function } from "./library.ts";

/** RSI, Stochastic RSI, MACD, ROC, momentum, CCI and MFI (engine/indicators/rsi.ts, macd.ts, oscillators.ts). */
export const oscillatorFunctions = [
  mql5Function(
    "Rsi",
    ["NewSeries", "FirstValid", "IsZero"],
    String.raw`
// Relative Strength Index (Wilder; TA-Lib RSI): simple means of the first period changes, then
// Wilder smoothing. First value at index period.
void Rsi(const double &source[], int period, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   int begin = FirstValid(source);
   if(begin + period >= length)
      return;
   double previous = source[begin];
   double gain = 0.0;
   double loss = 0.0;
   int today = begin + 1;
   for(int i = period; i > 0; i--)
     {
      double value = source[today];
      today++;
      double change = value - previous;
      previous = value;
      if(MathIsValidNumber(change) && change < 0)
         loss -= change;
      else
         gain += change;
     }
   loss /= period;
   gain /= period;
   double total = gain + loss;
   out[today - 1] = IsZero(total) ? 0.0 : 100 * (gain / total);
   int keep = period - 1;
   for(; today < length; today++)
     {
      double value = source[today];
      double change = value - previous;
      previous = value;
      loss *= keep;
      gain *= keep;
      double up = (MathIsValidNumber(change) && change > 0) ? change : 0.0;
      loss -= change - up;
      gain += up;
      loss /= period;
      gain /= period;
      total = gain + loss;
      out[today] = IsZero(total) ? 0.0 : 100 * (gain / total);
     }
  }
`,
  ),
  mql5Function(
    "StochRsi",
    ["NewSeries", "Rsi", "FirstValid", "RawK", "SmaInto"],
    String.raw`
// Stochastic RSI (TA-Lib STOCHRSI): a fast stochastic of RSI(period) over stochPeriod, %D an
// SMA(dPeriod) of it; both lines start where %D does. line: OUT_K or OUT_D.
void StochRsi(const double &source[], int period, int stochPeriod, int dPeriod, int line, double &out[])
  {
   int length = ArraySize(source);
   double k[];
   double d[];
   NewSeries(length, k);
   NewSeries(length, d);
   double strength[];
   Rsi(source, period, strength);
   int begin = FirstValid(strength);
   int first = begin + stochPeriod - 1 + dPeriod - 1;
   if(first < length)
     {
      double fastK[];
      RawK(strength, strength, strength, stochPeriod, begin, fastK);
      SmaInto(fastK, dPeriod, d, begin + stochPeriod - 1);
      for(int i = first; i < length; i++)
         k[i] = fastK[i];
     }
   if(line == OUT_K)
      ArrayCopy(out, k);
   else
      ArrayCopy(out, d);
  }
`,
  ),
  mql5Function(
    "Macd",
    ["NewSeries", "FirstValid"],
    String.raw`
// MACD (Appel; TA-Lib MACD): EMA(fast) - EMA(slow), its EMA(signal) and their difference. As in
// TA-Lib the fast EMA starts where the slow one does, and all three lines start at
// (slow - 1) + (signal - 1). line: OUT_MACD, OUT_SIGNAL or OUT_HISTOGRAM.
void Macd(const double &source[], int fast, int slow, int signal, int line, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   int begin = FirstValid(source);
   int start = begin + slow - 1;
   int first = start + signal - 1;
   if(first >= length)
      return;
   double slowSum = 0.0;
   for(int i = begin; i <= start; i++)
      slowSum += source[i];
   double fastSum = 0.0;
   for(int i = start - fast + 1; i <= start; i++)
      fastSum += source[i];
   double kSlow = 2.0 / (slow + 1);
   double kFast = 2.0 / (fast + 1);
   double kSignal = 2.0 / (signal + 1);
   double slowEma = slowSum / slow;
   double fastEma = fastSum / fast;
   double signalEma = fastEma - slowEma;
   for(int i = start + 1; i <= first; i++)
     {
      double value = source[i];
      slowEma = (value - slowEma) * kSlow + slowEma;
      fastEma = (value - fastEma) * kFast + fastEma;
      signalEma += fastEma - slowEma;
     }
   signalEma /= signal;
   for(int i = first; i < length; i++)
     {
      if(i > first)
        {
         double value = source[i];
         slowEma = (value - slowEma) * kSlow + slowEma;
         fastEma = (value - fastEma) * kFast + fastEma;
         signalEma = ((fastEma - slowEma) - signalEma) * kSignal + signalEma;
        }
      double macd = fastEma - slowEma;
      if(line == OUT_MACD)
         out[i] = macd;
      else if(line == OUT_SIGNAL)
         out[i] = signalEma;
      else
         out[i] = macd - signalEma;
     }
  }
`,
  ),
  mql5Function(
    "Roc",
    ["NewSeries", "FirstValid", "Undefined"],
    String.raw`
// Rate of change in percent (TA-Lib ROC): (x / x[t - period] - 1) * 100; 0 where the old value is 0.
void Roc(const double &source[], int period, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   for(int i = FirstValid(source) + period; i < length; i++)
     {
      double old = source[i - period];
      if(!MathIsValidNumber(old))
         out[i] = Undefined();
      else if(old != 0.0)
         out[i] = (source[i] / old - 1) * 100;
      else
         out[i] = 0.0;
     }
  }
`,
  ),
  mql5Function(
    "Momentum",
    ["NewSeries", "FirstValid"],
    String.raw`
// Momentum (TA-Lib MOM): x - x[t - period].
void Momentum(const double &source[], int period, double &out[])
  {
   int length = ArraySize(source);
   NewSeries(length, out);
   for(int i = FirstValid(source) + period; i < length; i++)
      out[i] = source[i] - source[i - period];
  }
`,
  ),
  mql5Function(
    "Cci",
    ["NewSeries", "Undefined"],
    String.raw`
// Commodity Channel Index (Lambert; TA-Lib CCI): (typical - SMA) / (0.015 x mean absolute
// deviation), 0 when either is 0; sums run in TA-Lib's circular-buffer order.
void Cci(const BarSeries &bars, int period, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   if(period > length)
      return;
   double window[];
   ArrayResize(window, period);
   ArrayInitialize(window, 0.0);
   int slot = 0;
   for(int i = 0; i < period - 1; i++)
     {
      window[slot] = (bars.high[i] + bars.low[i] + bars.close[i]) / 3;
      slot++;
     }
   for(int today = period - 1; today < length; today++)
     {
      double typical = (bars.high[today] + bars.low[today] + bars.close[today]) / 3;
      window[slot] = typical;
      double average = 0.0;
      for(int j = 0; j < period; j++)
         average += window[j];
      average /= period;
      double deviation = 0.0;
      for(int j = 0; j < period; j++)
         deviation += MathAbs(window[j] - average);
      double distance = typical - average;
      double scale = 0.015 * (deviation / period);
      if(distance == 0.0 || deviation == 0.0)
         out[today] = 0.0;
      else
         out[today] = scale != 0.0 ? distance / scale : Undefined();
      slot = slot + 1 == period ? 0 : slot + 1;
     }
  }
`,
  ),
  mql5Function(
    "Mfi",
    ["NewSeries"],
    String.raw`
// Money Flow Index (TA-Lib MFI): 100 x positive money flow / total money flow over period bars,
// typical price x volume signed by the change of typical price; 0 when the total is below 1.
void Mfi(const BarSeries &bars, int period, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   if(period >= length)
      return;
   double positive[];
   double negative[];
   ArrayResize(positive, period);
   ArrayResize(negative, period);
   ArrayInitialize(positive, 0.0);
   ArrayInitialize(negative, 0.0);
   int slot = 0;
   double positiveSum = 0.0;
   double negativeSum = 0.0;
   double previous = (bars.high[0] + bars.low[0] + bars.close[0]) / 3;
   for(int today = 1; today < length; today++)
     {
      if(today > period)
        {
         positiveSum -= positive[slot];
         negativeSum -= negative[slot];
        }
      double typical = (bars.high[today] + bars.low[today] + bars.close[today]) / 3;
      double change = typical - previous;
      previous = typical;
      double flow = typical * bars.volume[today];
      positive[slot] = change > 0 ? flow : 0.0;
      negative[slot] = change < 0 ? flow : 0.0;
      if(change > 0)
         positiveSum += flow;
      else if(change < 0)
         negativeSum += flow;
      if(today >= period)
        {
         double total = positiveSum + negativeSum;
         out[today] = total < 1 ? 0.0 : 100 * (positiveSum / total);
        }
      slot = slot + 1 == period ? 0 : slot + 1;
     }
  }
`,
  ),
];
