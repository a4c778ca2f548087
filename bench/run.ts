import { benchBacktest } from "./backtest.ts";
import { benchIndicators } from "./indicators.ts";
import { printRows } from "./report.ts";

// `npm run bench`: every contender measured in this run on this machine, interleaved, medians.
const started = performance.now();
const indicators = await benchIndicators();
printRows("Indicators (1,000,000 bars)", indicators);
const backtests = await benchBacktest();
printRows("Backtests", backtests);
const targets = [...indicators, ...backtests].flatMap((row) => row.targets);
const met = targets.filter((target) => target.met).length;
console.log(
  `\nTargets: ${met} of ${targets.length} met; ${targets.length - met} missed. (${((performance.now() - started) / 1000).toFixed(0)} s)`,
);
