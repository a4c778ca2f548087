import { z } from "zod";
import { newestFinalSessionDay } from "../../engine/calendar/final-bars.ts";
import type { Market } from "../../engine/calendar/sessions.ts";
import { runPlans } from "../../engine/strategy/backtest.ts";
import { compileSymbolPlan, simulationConfig } from "../../engine/strategy/compile.ts";
import { TRUE } from "../../engine/strategy/rules.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { loadBars } from "../bars/load-bars.ts";
import { marketOf } from "../bars/market-of.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import type { Store, Timeframe } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";
import { parseStrategySpec, StrategySpecSchema, strategyId } from "./spec-schema.ts";
import { storedSpec } from "./stored-spec.ts";
import { StrategyIdInput } from "./strategy-id.ts";

const dayMs = 86_400_000;

const actions = ["enter", "exit", "hold", "wait"] as const;

const SymbolSignal = z.object({
  symbol: z.string(),
  lastBar: z.string().describe("The close the signals are read at, ISO-8601 UTC."),
  close: z.number(),
  position: z
    .object({
      side: z.enum(["long", "short"]),
      quantity: z.number(),
      since: z.string().describe("When the rules' position was entered (its fill), ISO-8601."),
      entryPrice: z.number(),
      unrealizedReturn: z.number().describe("At the last close, against the entry (0.02 = +2%)."),
    })
    .nullable()
    .describe("What the rules hold after the last close, simulated over every stored bar."),
  entrySignal: z.boolean().describe("The entry rule (with its filters) holds at the last close."),
  exitSignal: z
    .boolean()
    .nullable()
    .describe("The exit rule holds at the last close; null: the spec has no exit rule."),
  action: z
    .enum(actions)
    .describe(
      "What the rules do at the next open: enter (no position, entry holds), exit (held, exit holds), hold, or wait.",
    ),
});

/** One strategy's signals at its newest close (desk_signals lists them for every trading strategy). */
export const StrategySignalsOutput = z.object({
  strategyId: z.string(),
  name: z.string(),
  timeframe: z.string(),
  side: z.enum(["long", "short"]).describe("What an entry opens."),
  symbols: z.array(SymbolSignal),
  stale: z
    .boolean()
    .describe("The newest bar is older than a trading day or two: not today's signals."),
  asOf: z.string(),
});

export const strategySignals = defineTool({
  name: "strategy_signals",
  summary:
    "What a strategy's rules say at the newest stored close: the position they hold, and whether they enter or exit at the next open.",
  description:
    "Runs a strategy over every stored bar up to the newest and reads its rules at the last close, per symbol: the position the rules hold (side, since when, entry price, unrealized return), whether the entry rule (with its filters) and the exit rule hold, and so what they do at the next open: enter, exit, hold or wait. Stops, targets and time exits act inside the next bars on top of that. Says when the newest bar is old (fetch_bars brings newer ones). These are the rules' signals, not advice, and nothing is ordered: propose_order and a human's approval do that.",
  input: z
    .object({
      strategyId: StrategyIdInput.optional(),
      spec: StrategySpecSchema.optional().describe("A spec instead of a stored strategy."),
      initialCash: z
        .number()
        .positive()
        .max(1e12)
        .default(100_000)
        .describe("The simulated account the position is sized from."),
    })
    .strict()
    .refine((input) => (input.strategyId === undefined) !== (input.spec === undefined), {
      message: "give `strategyId` or `spec`, one of them",
      path: ["strategyId"],
    }),
  output: StrategySignalsOutput,
  effect: "read",
  idempotent: true,
  async run(input, { store, clock, progress }) {
    const spec: StrategySpec = input.spec
      ? parseStrategySpec(input.spec)
      : await storedSpec(store, input.strategyId!);
    // A stored strategy goes by the name it is listed under (update_strategy renames it).
    const name = input.strategyId
      ? ((await store.requestStrategy(input.strategyId))?.name ?? spec.name)
      : spec.name;
    progress(0, `loading ${spec.universe.length} symbols`);
    const { symbols, newestMs } = await readSignals(store, spec, input.initialCash);
    const nowMs = clock.nowMs();
    progress(1, "done");
    return {
      strategyId: strategyId(spec),
      name,
      timeframe: spec.timeframe,
      side: spec.side,
      symbols,
      stale: isStale(spec.timeframe, newestMs, nowMs, universeMarkets(spec.universe)),
      asOf: isoTime(nowMs),
    };
  },
});

export type SymbolSignal = z.infer<typeof SymbolSignal>;

/**
 * Whether a strategy's newest bar is too old to be today's signals: a daily bar dated before the
 * newest session whose daily bar is final (of the most lenient of `markets`, the universe's), an
 * intraday bar three days old.
 */
export function isStale(
  timeframe: string,
  newestMs: number,
  nowMs: number,
  markets: readonly Market[] = ["NYSE"],
): boolean {
  if (timeframe !== "1d") return nowMs - newestMs > 3 * dayMs;
  const due = Math.min(...markets.map((market) => newestFinalSessionDay(market, nowMs)));
  return Math.floor(newestMs / dayMs) < due;
}

/** The markets of a universe's symbols, for `isStale`. */
export const universeMarkets = (universe: readonly string[]): Market[] => [
  ...new Set(universe.map(marketOf)),
];

/**
 * What a strategy's rules say at each symbol's newest stored bar: the position the rules hold
 * after simulating every stored bar from `initialCash`, the entry and exit signals, and so the
 * action at the next open. `newestMs` is the newest bar of any symbol; `volatilityFractions`,
 * per symbol, the share of equity a volatility-target entry at the next open takes (undefined
 * for other sizings).
 */
export async function readSignals(
  store: Store,
  spec: StrategySpec,
  initialCash: number,
): Promise<{
  symbols: SymbolSignal[];
  newestMs: number;
  volatilityFractions: (number | undefined)[];
}> {
  const bars = await loadBars(store, spec.universe, spec.timeframe as Timeframe, null);
  const empty = spec.universe.filter((_, index) => bars[index]!.close.length === 0);
  if (empty.length > 0) throw invalidInput(`no bars are stored for ${empty.join(", ")}`);
  // The rules are evaluated once: the simulation and the signals read the same plans.
  const plans = bars.map((series) => compileSymbolPlan(spec, series));
  const run = runPlans(plans, simulationConfig(spec, { initialCash, startMs: null, endMs: null }));
  const symbols = spec.universe.map((symbol, index): SymbolSignal => {
    const series = bars[index]!;
    const last = series.close.length - 1;
    const plan = plans[index]!;
    const held = run.simulation.openPositions.find((open) => open.symbol === symbol);
    const entrySignal = plan.entry[last] === TRUE;
    const exitSignal = plan.exit === null ? null : plan.exit[last] === TRUE;
    const action: (typeof actions)[number] = held
      ? exitSignal
        ? "exit"
        : "hold"
      : entrySignal
        ? "enter"
        : "wait";
    return {
      symbol,
      lastBar: isoTime(series.timestampMs[last]!),
      close: series.close[last]!,
      position: held
        ? {
            side: held.side,
            quantity: held.quantity,
            since: isoTime(held.entryTimeMs),
            entryPrice: held.entryPrice,
            unrealizedReturn:
              (held.side === "long" ? 1 : -1) * (held.lastPrice / held.entryPrice - 1),
          }
        : null,
      entrySignal,
      exitSignal,
      action,
    };
  });
  return {
    symbols,
    newestMs: Math.max(...bars.map((series) => series.timestampMs.at(-1)!)),
    volatilityFractions: plans.map((plan) => plan.sizeFraction?.[plan.bars.close.length - 1]),
  };
}
