import { fillsEquity, type ActualFill } from "../../engine/live/tracking.ts";
import { isTerminal, orderStates } from "../../engine/orders/order-state.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { EngineDataError } from "../../engine/types.ts";
import type { ToolContext } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import { stageCapital, stageSizeFraction } from "../lifecycle/stage-evidence.ts";
import type { BrokerPosition } from "../ports/broker.ts";
import type { Execution } from "../ports/execution.ts";
import type { OrderIntent } from "../ports/orders.ts";
import type { StoredStrategy } from "../ports/store.ts";
import type { StageRecord } from "../ports/trading.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import {
  isStale,
  readSignals,
  universeMarkets,
  type SymbolSignal,
} from "../strategy/strategy-signals.ts";
import { isoTime } from "../time-input.ts";
import { entryNotional, tradableQuantity } from "../webhooks/alert-order.ts";
import { netBySymbol } from "./net-fills.ts";
import { proposeAtStage } from "./propose-order.ts";
import { symbolStep, type SymbolBook } from "./strategy-step.ts";
import type { ProposalView, StrategyRunView } from "./strategy-orders-schema.ts";

/** Intent states of an order still on its way. */
const openStates = orderStates.filter((state) => !isTerminal(state));

/** The broker account and the orders on their way, as every strategy of a run reads them. */
export interface AccountView {
  positions: BrokerPosition[];
  equity: number;
  intents: OrderIntent[];
}

export async function readAccount(
  context: ToolContext,
  execution: Execution,
): Promise<AccountView> {
  const [positions, account, intents] = await Promise.all([
    execution.broker.positions(),
    execution.broker.account(),
    context.store.listIntents({ states: openStates, limit: 10_000 }),
  ]);
  return { positions, equity: account.equity, intents };
}

/**
 * One strategy's run: its signals at the newest close against what its own fills hold, the
 * closes and then the entries it calls for, each proposed through propose_order.
 */
export async function strategyRun(
  context: ToolContext,
  execution: Execution,
  account: AccountView,
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
  const fills = await context.store.strategyFills(stage.strategyId, {
    live: broker.live,
    sinceMs: 0,
  });
  const { positions, intents } = account;
  const open = openOrders(intents, stage.strategyId, execution, nowMs);
  const net = netBySymbol(fills);
  const books: SymbolBook[] = signals.symbols.map((signal) => ({
    signal,
    strategyNet: net.get(signal.symbol) ?? 0,
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
    { stageSized: true },
  );
  return { ...order, outcome };
}
