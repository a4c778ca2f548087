import { beforeAll, describe, expect, it } from "vitest";
import { runBacktest } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { EmulatedBroker, type EmulatedTrade } from "./check/pine-broker.ts";
import { runPine, type PineBroker, type PineRun } from "./check/pine-interpreter.ts";
import { generateStrategyCode } from "./generate.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import { engineSignals, firstSignalDifference, type SignalsBySymbol } from "./parity/signals.ts";
import { parityCases } from "./parity/specs.ts";
import { secondsPerBar } from "./targets/pine.ts";

/**
 * The generated Pine, run bar by bar by our interpreter of the language, against the engine (the
 * independent reference) on the parity table's seeded bars: the same signals on every bar of
 * every symbol, and, under TradingView's documented fill rules, the same trades.
 */
let bars: BarSeries[];

beforeAll(async () => {
  bars = await readBarsCsv(parityMarketCsv());
});

function runOn(spec: StrategySpec, symbol: string, broker?: PineBroker): PineRun {
  return runPine(generateStrategyCode(spec, "pine").code, {
    bars: bars.find((series) => series.symbol === symbol)!,
    ticker: symbol.replace("/", ""),
    timeframeSeconds: secondsPerBar[spec.timeframe]!,
    mintick: 0.01,
    inputs: { "Webhook secret": "secret" },
    broker,
  });
}

describe("the pine target against the engine", () => {
  it.each(parityCases)("$title: the same signals on every bar, and the same trades", (row) => {
    const spec = parseStrategySpec(row.spec);
    // One symbol and no backtest window: a chart TradingView's emulator can reproduce.
    const single = spec.universe.length === 1 && row.options === undefined;
    const pine: SignalsBySymbol = {};
    for (const symbol of spec.universe) {
      const series = bars.find((candidate) => candidate.symbol === symbol)!;
      const broker = single ? new EmulatedBroker(series, spec.costs.feeBps / 100, 0.01) : undefined;
      const run = runOn(spec, symbol, broker);
      pine[symbol] = {
        entry: run.series("entryRule") as number[],
        exit: spec.exit === undefined ? null : (run.series("exitRule") as number[]),
      };
      if (broker !== undefined) expectEngineTrades(spec, series, broker, run);
    }
    expect(firstSignalDifference(engineSignals(spec, bars), pine)).toBeNull();
  });
});

function expectEngineTrades(
  spec: StrategySpec,
  series: BarSeries,
  broker: EmulatedBroker,
  run: PineRun,
): void {
  const engine = runBacktest(spec, [series], { initialCash: 100_000, startMs: null, endMs: null })
    .simulation.trades;
  expect(broker.trades.length).toBe(engine.length);
  const direction = spec.side === "short" ? -1 : 1;
  const slippage = spec.costs.slippageBps / 1e4;
  let targetInsteadOfStop = 0;
  broker.trades.forEach((trade, index) => {
    const expected = engine[index]!;
    const at = `trade ${index}`;
    expect(series.timestampMs[trade.entryBar], at).toBe(expected.entryTimeMs);
    expect(series.timestampMs[trade.exitBar], at).toBe(expected.exitTimeMs);
    // TradingView fills at the bare price; the engine moves market and stop fills by the slippage.
    expect(trade.entryPrice * (1 + direction * slippage), at).toBeCloseTo(expected.entryPrice, 9);
    const bare =
      expected.exitReason === "takeProfit"
        ? expected.exitPrice
        : expected.exitPrice / (1 - direction * slippage);
    if (Math.abs(trade.exitPrice - bare) <= 1e-9 * bare) return;
    // The documented differences: levels on the entry bar are estimated from the signal bar's
    // close, and when a bar reaches both the stop and the target, TradingView may take the target.
    if (trade.exitBar === trade.entryBar) return;
    expect(expected.exitReason, at).toBe("stopLoss");
    expect(direction * (trade.exitPrice - bare), at).toBeGreaterThan(0);
    targetInsteadOfStop++;
  });
  expect(targetInsteadOfStop).toBeLessThanOrEqual(Math.ceil(engine.length / 20));
  const expected = broker.trades.flatMap(expectedAlerts);
  const open = broker.value("opentrades.entry_bar_index");
  if (!Number.isNaN(open)) expected.push(`${open - 1} entry`);
  const actual = run.alerts.map(
    (alert) => `${alert.bar} ${(JSON.parse(alert.message) as { action: string }).action}`,
  );
  // A signal on the last bar has no fill yet to show for it.
  const last = `${series.close.length - 1}`;
  if (actual.at(-1)?.startsWith(`${last} `) && expected.at(-1) !== actual.at(-1))
    expected.push(actual.at(-1)!);
  expect(actual).toEqual(expected);
}

/** Entry alert on the signal bar; exit alert on the signal bar of a market exit, else on the fill's bar. */
function expectedAlerts(trade: EmulatedTrade): string[] {
  const market = trade.exitedBy === "Exit rule" || trade.exitedBy === "Time exit";
  return [`${trade.entryBar - 1} entry`, `${market ? trade.exitBar - 1 : trade.exitBar} exit`];
}
