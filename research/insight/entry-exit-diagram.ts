import { lowerBound } from "../../engine/bars.ts";
import type { BacktestRun } from "../../engine/strategy/backtest.ts";
import { ExpressionEvaluator } from "../../engine/strategy/expressions.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { downsample } from "../../tools/charts/downsample.ts";
import type { EntryExitDiagram } from "../../tools/charts/entry-exit-chart.ts";
import { isoTime } from "../../tools/time-input.ts";
import { priceLevelExpressions } from "./mechanisms.ts";
import type { RuleWords } from "./rule-words.ts";
import type { Voice } from "./voice.ts";

/** The last trades drawn: enough to see the rules at work, few enough to tell them apart. */
const tradesShown = 6;
/** Bars shown before the first entry drawn, so the setup leading to it is visible. */
const leadBars = 30;
/** Without trades, the latest stretch of prices. */
const quietBars = 250;
const pricePoints = 500;
const maxOverlays = 3;

/**
 * The entry and exit logic on a price chart: the first symbol's closes over the stretch of its
 * last trades in the backtest, the price-level indicators its rules compare, and a marker at
 * each fill of those trades (an open position's entry too). The rules go beside it.
 */
export function entryExitDiagram(
  spec: StrategySpec,
  bars: BarSeries,
  run: BacktestRun,
  words: RuleWords,
  voice: Voice,
  jargonFree: boolean,
): EntryExitDiagram {
  const trades = run.simulation.trades.filter((trade) => trade.symbol === bars.symbol);
  const shown = trades.slice(-tradesShown);
  const open = run.simulation.openPositions.filter((position) => position.symbol === bars.symbol);
  const firstEntryMs = shown[0]?.entryTimeMs ?? open[0]?.entryTimeMs;
  const { timestampMs, close } = bars;
  const from =
    firstEntryMs === undefined
      ? Math.max(0, close.length - quietBars)
      : Math.max(0, lowerBound(timestampMs, firstEntryMs) - leadBars);
  const series = (values: Float64Array) => {
    const points = [];
    for (let index = from; index < values.length; index++)
      if (Number.isFinite(values[index]!))
        points.push({ timeMs: timestampMs[index]!, value: values[index]! });
    return downsample(points, pricePoints).map(({ timeMs, value }) => ({
      time: isoTime(timeMs),
      value,
    }));
  };
  const evaluator = new ExpressionEvaluator(bars);
  const plain = voice === "plain";
  const lines = words.strategyLines(spec);
  const short = spec.side === "short";
  return {
    title: jargonFree
      ? `${bars.symbol}: where this strategy ${short ? "sells and buys back" : "buys and sells"}`
      : `${bars.symbol}: entries and exits of ${spec.name}`,
    rules: [lines.entry, lines.exit, ...(lines.protection ? [lines.protection] : [])],
    price: { name: plain ? "Closing price" : "Close", points: series(close) },
    overlays: priceLevelExpressions(spec)
      .slice(0, maxOverlays)
      .map((expression) => ({
        name: capitalize(words.expression(expression).replace(/^the /, "")),
        points: series(evaluator.evaluate(expression)),
      })),
    markers: [
      {
        name: plain ? (short ? "Sells" : "Buys") : "Entries",
        kind: "entry" as const,
        points: [...shown, ...open].map((fill) => ({
          time: isoTime(fill.entryTimeMs),
          price: fill.entryPrice,
        })),
      },
      {
        name: plain ? (short ? "Buys back" : "Sells") : "Exits",
        kind: "exit" as const,
        points: shown.map((trade) => ({ time: isoTime(trade.exitTimeMs), price: trade.exitPrice })),
      },
    ],
  };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
