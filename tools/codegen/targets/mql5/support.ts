import { mql5Function } from "./library.ts";

/**
 * Undefined values and TA-Lib's zero tests (engine/indicators/support.ts). A value is undefined
 * (NaN, as in the engine) during a warm-up; arithmetic carries it along, and the runtime never
 * compares it: every comparison that may meet one tests MathIsValidNumber first, so MQL5 gives
 * the engine's answer whatever it makes of comparisons with NaN.
 */
export const supportFunctions = [
  mql5Function(
    "Undefined",
    [],
    String.raw`
// The undefined value, NaN (the square root of -1).
double Undefined(void)
  {
   return MathSqrt(-1.0);
  }
`,
  ),
  mql5Function(
    "NewSeries",
    ["Undefined"],
    String.raw`
// Sizes a series to length values, all undefined.
void NewSeries(int length, double &out[])
  {
   ArrayResize(out, length);
   ArrayInitialize(out, Undefined());
  }
`,
  ),
  mql5Function(
    "FirstValid",
    [],
    String.raw`
// Index of the first defined value: a source may begin with another indicator's warm-up.
int FirstValid(const double &values[])
  {
   int length = ArraySize(values);
   int index = 0;
   while(index < length && !MathIsValidNumber(values[index]))
      index++;
   return index;
  }
`,
  ),
  mql5Function(
    "IsZero",
    [],
    String.raw`
// TA-Lib's TA_IS_ZERO: within 1e-14 of zero.
bool IsZero(double value)
  {
   return MathIsValidNumber(value) && value > -1e-14 && value < 1e-14;
  }
`,
  ),
  mql5Function(
    "IsZeroOrNegative",
    [],
    String.raw`
// TA-Lib's TA_IS_ZERO_OR_NEG.
bool IsZeroOrNegative(double value)
  {
   return MathIsValidNumber(value) && value < 1e-14;
  }
`,
  ),
];
