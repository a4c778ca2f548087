import { mql5Function } from "./library.ts";

/** True range, ATR, NATR and directional movement (engine/indicators/volatility.ts, directional.ts). */
export const volatilityFunctions = [
  mql5Function(
    "TrueRange",
    [],
    String.raw`
// True range of bar i >= 1 (Wilder; TA-Lib TRANGE).
double TrueRange(const BarSeries &bars, int i)
  {
   double previousClose = bars.close[i - 1];
   double span = bars.high[i] - bars.low[i];
   double fromHigh = MathAbs(previousClose - bars.high[i]);
   if(fromHigh > span)
      span = fromHigh;
   double fromLow = MathAbs(previousClose - bars.low[i]);
   if(fromLow > span)
      span = fromLow;
   return span;
  }
`,
  ),
  mql5Function(
    "Atr",
    ["NewSeries", "TrueRange"],
    String.raw`
// Average true range (Wilder; TA-Lib ATR): the mean of true ranges 1..period, then Wilder
// smoothing. First value at index period.
void Atr(const BarSeries &bars, int period, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   if(period >= length)
      return;
   double total = 0.0;
   for(int i = 1; i <= period; i++)
      total += TrueRange(bars, i);
   double average = total / period;
   out[period] = average;
   int keep = period - 1;
   for(int i = period + 1; i < length; i++)
     {
      average *= keep;
      average += TrueRange(bars, i);
      average /= period;
      out[i] = average;
     }
  }
`,
  ),
  mql5Function(
    "Natr",
    ["Atr", "IsZero"],
    String.raw`
// Normalized ATR (TA-Lib NATR): ATR / close * 100.
void Natr(const BarSeries &bars, int period, double &out[])
  {
   Atr(bars, period, out);
   for(int i = period; i < ArraySize(out); i++)
     {
      double price = bars.close[i];
      out[i] = IsZero(price) ? 0.0 : (out[i] / price) * 100;
     }
  }
`,
  ),
  mql5Function(
    "DirectionalMove",
    [],
    String.raw`
// +DM (sign 1) or -DM (sign -1) of bar i (Wilder): the rise of the high when it beats the fall of
// the low, or the fall of the low when it beats the rise of the high, else 0.
double DirectionalMove(const BarSeries &bars, int i, int sign)
  {
   double up = bars.high[i] - bars.high[i - 1];
   double down = bars.low[i - 1] - bars.low[i];
   if(sign > 0)
      return (up > 0 && up > down) ? up : 0.0;
   return (down > 0 && up < down) ? down : 0.0;
  }
`,
  ),
  mql5Function(
    "DirectionalIndicator",
    ["NewSeries", "DirectionalMove", "TrueRange", "IsZero"],
    String.raw`
// +DI (sign 1) or -DI (sign -1) (Wilder; TA-Lib PLUS_DI / MINUS_DI): smoothed movement over
// smoothed true range, x 100. First value at index period.
void DirectionalIndicator(const BarSeries &bars, int period, int sign, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   if(period >= length)
      return;
   double movement = 0.0;
   double span = 0.0;
   for(int i = 1; i < period; i++)
     {
      double move = DirectionalMove(bars, i, sign);
      if(move > 0)
         movement += move;
      span += TrueRange(bars, i);
     }
   for(int i = period; i < length; i++)
     {
      double move = DirectionalMove(bars, i, sign);
      if(move > 0)
         movement = movement - movement / period + move;
      else
         movement = movement - movement / period;
      span = span - span / period + TrueRange(bars, i);
      out[i] = IsZero(span) ? 0.0 : 100 * (movement / span);
     }
  }
`,
  ),
  mql5Function(
    "PlusDi",
    ["DirectionalIndicator"],
    String.raw`
// +DI: upward directional indicator (Wilder).
void PlusDi(const BarSeries &bars, int period, double &out[])
  {
   DirectionalIndicator(bars, period, 1, out);
  }
`,
  ),
  mql5Function(
    "MinusDi",
    ["DirectionalIndicator"],
    String.raw`
// -DI: downward directional indicator (Wilder).
void MinusDi(const BarSeries &bars, int period, double &out[])
  {
   DirectionalIndicator(bars, period, -1, out);
  }
`,
  ),
  mql5Function(
    "AdxStep",
    ["DirectionalMove", "TrueRange", "IsZero"],
    String.raw`
// One bar of ADX in TA-Lib's order of operations: updates the smoothed movements and range;
// false where DX is undefined, else DX in dx.
bool AdxStep(const BarSeries &bars, int i, int period, double &plus, double &minus, double &span, double &dx)
  {
   double down = DirectionalMove(bars, i, -1);
   double up = DirectionalMove(bars, i, 1);
   minus -= minus / period;
   plus -= plus / period;
   if(down > 0)
      minus += down;
   else if(up > 0)
      plus += up;
   span = span - span / period + TrueRange(bars, i);
   if(IsZero(span))
      return false;
   double minusIndicator = 100 * (minus / span);
   double plusIndicator = 100 * (plus / span);
   double total = minusIndicator + plusIndicator;
   if(IsZero(total))
      return false;
   dx = 100 * (MathAbs(minusIndicator - plusIndicator) / total);
   return true;
  }
`,
  ),
  mql5Function(
    "Adx",
    ["NewSeries", "DirectionalMove", "TrueRange", "AdxStep"],
    String.raw`
// Average directional index (Wilder; TA-Lib ADX): the mean of the first period DX values, then
// Wilder smoothing of DX = 100 |+DI - -DI| / (+DI + -DI); first value at 2 period - 1.
void Adx(const BarSeries &bars, int period, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   if(2 * period - 1 >= length)
      return;
   double plus = 0.0;
   double minus = 0.0;
   double span = 0.0;
   int today = 1;
   for(; today < period; today++)
     {
      double down = DirectionalMove(bars, today, -1);
      double up = DirectionalMove(bars, today, 1);
      if(down > 0)
         minus += down;
      else if(up > 0)
         plus += up;
      span += TrueRange(bars, today);
     }
   double sumDx = 0.0;
   double dx = 0.0;
   for(int end = today + period; today < end; today++)
     {
      if(AdxStep(bars, today, period, plus, minus, span, dx))
         sumDx += dx;
     }
   double average = sumDx / period;
   out[today - 1] = average;
   for(; today < length; today++)
     {
      if(AdxStep(bars, today, period, plus, minus, span, dx))
         average = (average * (period - 1) + dx) / period;
      out[today] = average;
     }
  }
`,
  ),
];
