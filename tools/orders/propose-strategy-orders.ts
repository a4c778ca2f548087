import { z } from "zod";
import { fillsEquity, type ActualFill } from "../../engine/live/tracking.ts";
import { isTerminal, orderStates } from "../../engine/orders/order-state.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { EngineDataError } from "../../engine/types.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { AlphadeskError, invalidInput, notFound } from "../errors.ts";
import { stageCapital, stageSizeFraction } from "../lifecycle/stage-evidence.ts";
import type { Execution } from "../ports/execution.ts";
import type { OrderIntent } from "../ports/orders.ts";
import type { StoredStrategy } from "../ports/store.ts";
import { strategyStages, type StageRecord, type StrategyStage } from "../ports/trading.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import {
  isStale,
  readSignals,
  universeMarkets,
  type SymbolSignal,
} from "../strategy/strategy-signals.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { restoreCall } from "../strategy/update-strategy.ts";
import { isoTime } from "../time-input.ts";
import { entryNotional, tradableQuantity } from "../webhooks/alert-order.ts";
import { proposeAtStage, ProposeOrderOutput } from "./propose-order.ts";
import { requireExecution } from "./require-execution.ts";
import { symbolStep, type SymbolBook } from "./strategy-step.ts";

const Proposal = z.object({
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  quantity: z.number(),
  kind: z.enum(["entry", "close"]),
  why: z.string().describe("The rule (or the rules' flat position) the order follows."),
  basis: z.string().describe("How the quantity was decided."),
  outcome: ProposeOrderOutput.describe("propose_order's answer: pending, auto-approved or denied."),
});

const StrategyRun = z.object({
  strategyId: z.string(),
  name: z.string(),
  stage: z.enum(strategyStages),
  lastBar: z.string().nullable().describe("The newest stored bar the signals were read at."),
  stale: z.boolean().describe("The newest bar is too old for today's signals: nothing proposed."),
  equity: z
    .number()
    .nullable()
    .describe(
      "What entries were sized from: the capital the stage trades plus the P&L of the strategy's fills since the stage began, at most the account's equity.",
    ),
  proposals: z.array(Proposal),
  notes: z.array(z.object({ symbol: z.string().nullable(), note: z.string() })),
});

export const ProposeStrategyOrdersOutput = z.object({
  broker: z.string(),
  live: z.boolean(),
  strategies: z.array(StrategyRun),
  asOf: z.string(),
});
type StrategyRunView = z.output<typeof StrategyRun>;
type ProposalView = z.output<typeof Proposal>;

/** Intent states of an order still on its way. */
const openStates = orderStates.filter((state) => !isTerminal(state));

export const proposeStrategyOrders = defineTool({
  name: "propose_strategy_orders",
  summary:
    "Propose the orders each paper or live strategy's rules call for at the next open: closes of what it holds, entries sized from its capital, each risk-checked and waiting for a human.",
  description:
    "For each stored strategy at paper, small live or full live (or the one given) that may trade on this broker: reads its rules at the newest stored close (strategy_signals) against what its own filled orders hold, and proposes through propose_order a close of a position the rules no longer hold (the exit rule, or a stop, target or time exit) and an entry on an entry signal when nothing is held, sized as the backtest sizes it from the capital the stage trades (small live: a tenth) and the P&L of the strategy's fills since the stage began, within what its open positions leave free. A symbol with an order still on its way is left alone, so running it twice proposes nothing twice; a position the rules entered earlier and the account missed is said, not chased, unless `enterLate`. Stale bars propose nothing. Each order passes the risk gate and waits for a human's approval (or a paper strategy's auto-approval policy). Runs by itself five minutes after each NYSE open in `alphadesk worker` (or `alphadesk serve` without one).",
  input: z
    .object({
      strategyId: StrategyIdInput.optional().describe(
        "One stored strategy; default every strategy at paper or later that may trade on this broker.",
      ),
      enterLate: z
        .boolean()
        .default(false)
        .describe(
          "Also enter the positions the rules hold and this account missed (an entry not approved in time), sized as a new entry at today's price.",
        ),
    })
    .strict(),
  output: ProposeStrategyOrdersOutput,
  effect: "order",
  openWorld: true,
  async run(input, context) {
    const execution = requireExecution(context);
    const { broker } = execution;
    const trading = input.strategyId
      ? [await tradingStage(context, input.strategyId, broker.live)]
      : await context.store.listStages(tradingStages(broker.live));
    const strategies: StrategyRunView[] = [];
    for (const [index, stage] of trading.entries()) {
      const stored = await context.store.requestStrategy(stage.strategyId);
      if (!stored || stored.archivedAtMs !== null) continue;
      context.progress(index / trading.length, `reading ${stored.name}`);
      strategies.push(await strategyRun(context, execution, stage, stored, input.enterLate));
    }
    context.progress(1, "done");
    return {
      broker: broker.name,
      live: broker.live,
      strategies,
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});

/** The proposals of a propose_strategy_orders result that wait for a human. */
export function pendingStrategyApprovals(output: unknown): string[] {
  const parsed = ProposeStrategyOrdersOutput.safeParse(output);
  if (!parsed.success) return [];
  return parsed.data.strategies.flatMap((strategy) =>
    strategy.proposals.flatMap(({ outcome }) =>
      outcome.status === "pending" ? [outcome.approval.id] : [],
    ),
  );
}

/** Stages whose orders this broker takes: live ones on real money, every promoted one on paper. */
const tradingStages = (live: boolean): StrategyStage[] =>
  live ? ["small_live", "full_live"] : ["paper", "small_live", "full_live"];

async function tradingStage(
  context: ToolContext,
  strategyId: string,
  live: boolean,
): Promise<StageRecord> {
  const stored = await context.store.requestStrategy(strategyId);
  const stage = stored && (await context.store.requestStage(strategyId));
  if (!stored || !stage)
    throw notFound(`no stored strategy ${strategyId}: backtest_strategy stores it`);
  if (stored.archivedAtMs !== null)
    throw invalidInput(`the strategy is archived: restore it first (${restoreCall(strategyId)})`);
  if (!tradingStages(live).includes(stage.stage))
    throw invalidInput(
      live
        ? `strategy "${stored.name}" is at ${stage.stage}: this broker trades real money, which needs it promoted to small_live (promote_strategy)`
        : `strategy "${stored.name}" is at backtest: promote it to paper (promote_strategy, after a validator pass) before it trades`,
      [{ path: ["strategyId"], message: `at ${stage.stage}` }],
    );
  return stage;
}

async function strategyRun(
  context: ToolContext,
  execution: Execution,
  stage: StageRecord,
  { name, spec: rawSpec }: StoredStrategy,
  enterLate: boolean,
): Promise<StrategyRunView> {
  const { broker } = execution;
  const run: StrategyRunView = {
    strategyId: stage.strategyId,
    name,
    stage: stage.stage,
    lastBar: null,
    stale: false,
    equity: null,
    proposals: [],
    notes: [],
  };
  const note = (symbol: string | null, text: string) => run.notes.push({ symbol, note: text });
  const spec = parseStrategySpec(rawSpec);
  // Capital at the stage's size: a small_live strategy's live orders are sized at a tenth here,
  // and proposed as sized (its positions already are).
  const capital = stageCapital(stage) * (broker.live ? stageSizeFraction[stage.stage] : 1);
  let signals: Awaited<ReturnType<typeof readSignals>>;
  try {
    signals = await readSignals(context.store, spec, capital);
  } catch (error) {
    // Its bars are missing or bad: said, and the other strategies still trade.
    if (!(error instanceof AlphadeskError || error instanceof EngineDataError)) throw error;
    note(null, `no signals: ${error.message}`);
    return run;
  }
  const nowMs = context.clock.nowMs();
  run.lastBar = isoTime(signals.newestMs);
  run.stale = isStale(spec.timeframe, signals.newestMs, nowMs, universeMarkets(spec.universe));
  if (run.stale) {
    note(
      null,
      `the newest ${spec.timeframe} bar (${run.lastBar}) is too old for today's signals: nothing proposed (fetch_bars brings newer ones)`,
    );
    return run;
  }
  const [fills, positions, intents, account] = await Promise.all([
    context.store.strategyFills(stage.strategyId, { live: broker.live, sinceMs: 0 }),
    broker.positions(),
    context.store.listIntents({ states: openStates, limit: 10_000 }),
    broker.account(),
  ]);
  const open = openOrders(intents, stage.strategyId, execution, nowMs);
  const books: SymbolBook[] = signals.symbols.map((signal) => ({
    signal,
    strategyNet: fills
      .filter((fill) => fill.symbol === signal.symbol)
      .reduce((sum, fill) => sum + fill.quantity, 0),
    accountQuantity: positions.find((p) => p.symbol === signal.symbol)?.quantity ?? 0,
    ...(open.has(signal.symbol) ? { open: open.get(signal.symbol)! } : {}),
  }));
  const steps = books.map((book) => ({ book, step: symbolStep(book, enterLate) }));

  // Closes first: what they free is there for the entries, as at the backtest's open.
  for (const { book, step } of steps) {
    if (step.kind === "note") note(book.signal.symbol, step.note);
    if (step.kind !== "close") continue;
    const { side, quantity, basis } = step.order;
    const proposal = { symbol: book.signal.symbol, side, quantity, kind: "close" as const };
    run.proposals.push(await propose(context, stage, { ...proposal, why: step.why, basis }));
  }
  const entries = steps.flatMap(({ book, step }, index) =>
    step.kind === "entry"
      ? [{ book, why: step.why, volatility: signals.volatilityFractions[index] }]
      : [],
  );
  if (entries.length === 0) return run;
  const equity = sizingEquity(
    fills.filter((fill) => fill.atMs >= stage.sinceMs),
    signals.symbols,
    capital,
    account.equity,
  );
  run.equity = equity.value;
  // Held after the closes above: what the open positions still take of the equity.
  const closing = new Set(run.proposals.map((proposal) => proposal.symbol));
  let taken = books
    .filter((book) => !closing.has(book.signal.symbol))
    .reduce((sum, book) => sum + Math.abs(book.strategyNet) * book.signal.close, 0);
  for (const { book, why, volatility } of entries) {
    const { symbol } = book.signal;
    const entry = await entrySize(execution, spec, book.signal, volatility, equity.value, taken);
    if ("note" in entry) {
      note(symbol, entry.note);
      continue;
    }
    taken += entry.notional;
    run.proposals.push(
      await propose(context, stage, {
        symbol,
        side: spec.side === "long" ? "buy" : "sell",
        quantity: entry.quantity,
        kind: "entry",
        why,
        basis: `${entry.basis} (${equity.basis})`,
      }),
    );
  }
  return run;
}

/**
 * What entries are sized from: the stage's capital less what the strategy's fills since the stage
 * began paid, plus what they hold at the last closes; at most the account's equity. Positions
 * carried into the stage (a step back from full_live) are closed by the rules but not counted:
 * the stage's capital starts with its own fills.
 */
function sizingEquity(
  sinceStage: readonly ActualFill[],
  signals: readonly SymbolSignal[],
  capital: number,
  accountEquity: number,
): { value: number; basis: string } {
  const closes = Object.fromEntries(
    signals.map((signal) => [signal.symbol, Float64Array.of(signal.close)]),
  );
  // One bar, at the last closes, which every fill falls in.
  const strategy = fillsEquity(Float64Array.of(0), closes, sinceStage, capital)[0]!;
  return strategy <= accountEquity
    ? {
        value: strategy,
        basis: `the strategy's equity: capital ${capital} and its P&L since the stage began`,
      }
    : {
        value: accountEquity,
        basis: `the account's equity, below the strategy's ${strategy.toFixed(2)}`,
      };
}

/** Each symbol's open order of the strategy's; a proposal past its approval's time is not one. */
function openOrders(
  intents: readonly OrderIntent[],
  strategyId: string,
  execution: Execution,
  nowMs: number,
): Map<string, { id: string; state: string }> {
  const open = new Map<string, { id: string; state: string }>();
  for (const intent of intents) {
    if (intent.strategyId !== strategyId || intent.broker !== execution.broker.name) continue;
    if (intent.state === "proposed" && intent.createdAtMs + execution.approvalTtlMs <= nowMs)
      continue;
    open.set(intent.symbol, { id: intent.id, state: intent.state });
  }
  return open;
}

/**
 * An entry's quantity as the backtest sizes it at the next open: the spec's share of `equity`,
 * within what the strategy's open positions leave free (`taken`), less the fee, in whole units
 * at the last trade (the last close without one).
 */
async function entrySize(
  execution: Execution,
  spec: StrategySpec,
  { symbol, close }: SymbolSignal,
  volatility: number | undefined,
  equity: number,
  taken: number,
): Promise<{ quantity: number; notional: number; basis: string } | { note: string }> {
  if ("volatilityTarget" in spec.sizing && !Number.isFinite(volatility))
    return { note: "no entry: the volatility target has no value yet at the last close" };
  const sized = entryNotional(spec.sizing, equity, volatility);
  const free = equity - taken;
  const notional = Math.min(sized.notional, free);
  if (!(notional > 0))
    return { note: `no entry: the strategy's open positions take its equity ${equity.toFixed(2)}` };
  const trade = await execution.prices.lastTrade(symbol);
  const price = trade?.price ?? close;
  const quantity = tradableQuantity(symbol, notional / (1 + spec.costs.feeBps / 1e4), price);
  if (quantity === undefined)
    return { note: `no entry: ${symbol}'s contract size (point value) is not known here` };
  const at = trade ? `the last trade ${price}` : `the last close ${price}`;
  const capped = notional < sized.notional ? `, cut to the ${free.toFixed(2)} left free` : "";
  const basis = `${sized.basis}${capped} at ${at}`;
  if (!(quantity > 0)) return { note: `no entry: ${basis} is less than one tradable unit` };
  return { quantity, notional: quantity * price, basis };
}

async function propose(
  context: ToolContext,
  stage: StageRecord,
  order: Omit<ProposalView, "outcome">,
): Promise<ProposalView> {
  const outcome = await proposeAtStage(
    {
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      type: "market",
      strategyId: stage.strategyId,
    },
    context,
    true,
  );
  return { ...order, outcome };
}
