import { bandFunctions } from "./bands.ts";
import { calendarFunctions } from "./calendar.ts";
import { extremeFunctions } from "./extremes.ts";
import { movingAverageFunctions } from "./moving-averages.ts";
import { oscillatorFunctions } from "./oscillators.ts";
import { seriesFunctions } from "./series.ts";
import { statisticsFunctions } from "./statistics.ts";
import { stochasticFunctions } from "./stochastic.ts";
import { supportFunctions } from "./support.ts";
import { volatilityFunctions } from "./volatility.ts";
import { volumeFunctions } from "./volume.ts";

/**
 * The engine's indicators, series and rules in MQL5, statement for statement (engine/indicators/,
 * engine/strategy/): TA-Lib's warm-ups, seeds, Wilder smoothing and order of operations. Each
 * indicator takes its source series (or the bars), its parameters in the catalog's order, the
 * line of a multi-line indicator (OUT_...), and the array it fills.
 */
export const mql5Functions = [
  ...supportFunctions,
  ...movingAverageFunctions,
  ...oscillatorFunctions,
  ...bandFunctions,
  ...statisticsFunctions,
  ...extremeFunctions,
  ...volatilityFunctions,
  ...stochasticFunctions,
  ...volumeFunctions,
  ...calendarFunctions,
  ...seriesFunctions,
];
