import { supportFunctions } from "./indicators/support.ts";
import { movingAverageFunctions } from "./indicators/moving-averages.ts";
import { rsiFunctions } from "./indicators/rsi.ts";
import { macdFunctions } from "./indicators/macd.ts";
import { bandFunctions } from "./indicators/bands.ts";
import { oscillatorFunctions } from "./indicators/oscillators.ts";
import { statisticsFunctions } from "./indicators/statistics.ts";
import { extremeFunctions } from "./indicators/extremes.ts";
import { volatilityFunctions } from "./indicators/volatility.ts";
import { directionalFunctions } from "./indicators/directional.ts";
import { stochasticFunctions } from "./indicators/stochastic.ts";
import { volumeFunctions } from "./indicators/volume.ts";
import { calendarFunctions } from "./indicators/calendar.ts";

/**
 * The engine's indicators (engine/indicators/) in plain Python, statement for statement: TA-Lib's
 * warm-ups, seeds, Wilder smoothing and order of operations, so values agree to the last bit.
 * Each takes `source` (a list, NaN during warm-up) or `bars`, then its parameters in snake_case.
 */
export const indicatorFunctions = [
  ...supportFunctions,
  ...movingAverageFunctions,
  ...rsiFunctions,
  ...macdFunctions,
  ...bandFunctions,
  ...oscillatorFunctions,
  ...statisticsFunctions,
  ...extremeFunctions,
  ...volatilityFunctions,
  ...directionalFunctions,
  ...stochasticFunctions,
  ...volumeFunctions,
  ...calendarFunctions,
];
