import { mql5Function } from "./library.ts";

/** OBV and VWAP (engine/indicators/volume.ts). */
export const volumeFunctions = [
  mql5Function(
    "Obv",
    ["NewSeries"],
    String.raw`
// On-balance volume (Granville; TA-Lib OBV): starts at the first bar's volume.
void Obv(const BarSeries &bars, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   if(length == 0)
      return;
   double total = bars.volume[0];
   double previous = bars.close[0];
   for(int i = 0; i < length; i++)
     {
      double price = bars.close[i];
      if(price > previous)
         total += bars.volume[i];
      else if(price < previous)
         total -= bars.volume[i];
      out[i] = total;
      previous = price;
     }
  }
`,
  ),
  mql5Function(
    "Vwap",
    ["NewSeries"],
    String.raw`
// Volume-weighted average of the typical price: cumulative when period is 0, else over the last
// period bars; undefined while the volume summed is 0.
void Vwap(const BarSeries &bars, int period, double &out[])
  {
   int length = ArraySize(bars.close);
   NewSeries(length, out);
   double weighted = 0.0;
   double total = 0.0;
   for(int i = 0; i < length; i++)
     {
      weighted += ((bars.high[i] + bars.low[i] + bars.close[i]) / 3) * bars.volume[i];
      total += bars.volume[i];
      if(period != 0 && i >= period)
        {
         int old = i - period;
         weighted -= ((bars.high[old] + bars.low[old] + bars.close[old]) / 3) * bars.volume[old];
         total -= bars.volume[old];
        }
      if((period == 0 || i >= period - 1) && total > 0)
         out[i] = weighted / total;
     }
  }
`,
  ),
];
