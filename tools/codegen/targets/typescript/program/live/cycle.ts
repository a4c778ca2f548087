import { backAdjust } from "../../../../../../engine/adjust/corporate-actions.ts";
import { sliceBars, validateBars } from "../../../../../../engine/bars.ts";
import { formatDay, parseDay } from "../../../../../../engine/calendar/civil-date.ts";
import { newYorkDay } from "../../../../../../engine/calendar/new-york-time.ts";
import type { Session } from "../../../../../../engine/calendar/sessions.ts";
import type { SymbolPlan } from "../../../../../../engine/simulate/types.ts";
import { TRUE } from "../../../../../../engine/strategy/rules.ts";
import type { CompiledStrategy } from "../strategy.ts";
import type { AlpacaClient, BrokerPosition, MarketClock, OrderRequest } from "./alpaca.ts";
import type { Logger } from "./log.ts";
import {
  clientOrderId,
  entryShares,
  entrySignalDay,
  exitDistance,
  protectiveOrder,
  type OrderRole,
} from "./orders.ts";

const dayMs = 86_400_000;

/** One symbol's signals on its latest completed session. */
interface SymbolSignals {
  symbol: string;
  plan: SymbolPlan;
  /** Index of the signal bar: the latest session's. */
  last: number;
  signalDay: string;
}

/** How a held position was entered, read back from this strategy's entry order. */
interface EntryRecord {
  signal: number;
  /** Index of the fill's bar: one past the last bar while its session is in progress. */
  fill: number;
  fillPrice: number;
}

interface CycleInput {
  strategy: CompiledStrategy;
  client: AlpacaClient;
  log: Logger;
  clock: MarketClock;
  /** The latest session that has closed: its bar is the signal bar. */
  session: Session;
  /** Signals are judged (opening-auction orders accepted); otherwise only protective orders. */
  judgeSignals: boolean;
  /** Orders that do not stand at the broker after this cycle (refused, or no clear answer). */
  failedOrders: number;
}

/**
 * One cycle: reads the account, positions and open orders, then for each symbol of the universe
 * evaluates the rules on the latest completed daily bar exactly as the backtest does and acts:
 * - holding, exit signal or time exit: cancels its protective orders, closes at the next open;
 * - holding without a protective order: places it from the entry's fill (stop, target, trail);
 * - flat, entry signal: buys (sells short) at the next open, sized from the account's equity.
 * Opening-auction orders use time in force `opg`; every order has a client_order_id derived from
 * the spec, symbol, signal date and role, so a rerun finds it instead of doubling it. Counts the
 * orders that do not stand in `input.failedOrders`.
 */
export async function runCycle(input: CycleInput): Promise<void> {
  const { strategy, client, log } = input;
  const [equity, positions, openOrders] = await Promise.all([
    client.equity(),
    client.positions(),
    client.openOrders(),
  ]);
  const direction = strategy.simulation.direction;
  let grossValue = positions.reduce((sum, position) => sum + position.grossValue, 0);
  const flat: SymbolSignals[] = [];
  for (const symbol of strategy.universe) {
    const position = positions.find((candidate) => candidate.symbol === symbol);
    const pending = openOrders.filter((order) => order.symbol === symbol);
    if (position && Math.sign(position.quantity) !== direction) {
      log.warn("position_left_alone", {
        symbol,
        quantity: position.quantity,
        reason: `the strategy trades ${direction === 1 ? "long" : "short"}; this position is not one of its own`,
      });
      continue;
    }
    const signals = await symbolSignals(input, symbol);
    if (!position) {
      if (pending.length > 0)
        log.info("entry_pending", {
          symbol,
          openOrders: pending.map((order) => order.clientOrderId),
        });
      else if (signals && input.judgeSignals) flat.push(signals);
      continue;
    }
    const entry = signals ? await entryRecord(input, signals, position) : undefined;
    if (signals && input.judgeSignals && exitDue(input, signals, entry, position)) {
      for (const order of pending) {
        log.info("order_cancelling", {
          symbol,
          orderId: order.id,
          clientOrderId: order.clientOrderId,
        });
        await client.cancel(order.id);
      }
      const side = direction === 1 ? "sell" : "buy";
      await submitOnce(input, signals.signalDay, "exit", {
        symbol,
        side,
        qty: String(Math.abs(position.quantity)),
        type: "market",
        timeInForce: "opg",
      });
      grossValue -= position.grossValue;
      continue;
    }
    if (pending.length === 0 && signals && entry) await protect(input, signals, entry, position);
    else if (pending.length === 0 && hasProtectiveExits(signals?.plan) && !entry)
      log.warn("position_unprotected", {
        symbol,
        reason:
          "no filled entry order of this strategy was found for it, so its stop and target levels are unknown",
      });
  }
  for (const signals of flat) {
    const { plan, last, symbol } = signals;
    if (plan.entry[last] !== TRUE) continue;
    const exits = [plan.stopLoss, plan.takeProfit, plan.trailingStop];
    if (exits.some((exit) => exit !== null && Number.isNaN(exitDistance(exit, last, 1)))) {
      log.info("entry_skipped", {
        symbol,
        reason: "an ATR exit distance is still undefined on the signal bar, as in the backtest",
      });
      continue;
    }
    const shares = entryShares(plan, last, strategy.simulation, equity, grossValue);
    if (shares === 0) {
      log.info("entry_skipped", {
        symbol,
        reason:
          "no whole share fits the sizing and the buying power (or a volatility target is still warming up)",
        equity,
        grossValue,
      });
      continue;
    }
    const submitted = await submitOnce(input, signals.signalDay, "entry", {
      symbol,
      side: direction === 1 ? "buy" : "sell",
      qty: String(shares),
      type: "market",
      timeInForce: "opg",
    });
    if (submitted) grossValue += shares * plan.bars.close[last]!;
  }
}

/** The symbol's adjusted daily bars up to the session and its plan; undefined (logged) when its bar is not there yet. */
async function symbolSignals(
  input: CycleInput,
  symbol: string,
): Promise<SymbolSignals | undefined> {
  const { strategy, client, log, session, clock } = input;
  // Trading days are about 252 of 365 calendar days; a margin covers long holiday stretches.
  const startMs = session.closeMs - Math.ceil((strategy.historyBars * 365) / 252 + 10) * dayMs;
  const [raw, actions] = await Promise.all([
    client.dailyBars(symbol, startMs, clock.nowMs),
    client.corporateActions(symbol, startMs, clock.nowMs),
  ]);
  let kept = 0;
  while (kept < raw.timestampMs.length && newYorkDay(raw.timestampMs[kept]!) <= session.day) kept++;
  const bars = validateBars(sliceBars(raw, 0, kept));
  const lastDay = kept > 0 ? newYorkDay(bars.timestampMs[kept - 1]!) : null;
  if (lastDay !== session.day) {
    log.warn("bar_missing", {
      symbol,
      session: formatDay(session.day),
      latestBar: lastDay === null ? null : formatDay(lastDay),
      reason: "the latest session's bar is not available yet; this symbol waits for the next cycle",
    });
    return undefined;
  }
  const adjusted = actions.length > 0 ? backAdjust(bars, actions) : bars;
  return {
    symbol,
    plan: strategy.computePlan(adjusted),
    last: kept - 1,
    signalDay: formatDay(session.day),
  };
}

/** The entry order that opened the position: its signal bar, fill bar and average fill price. */
async function entryRecord(
  input: CycleInput,
  signals: SymbolSignals,
  position: BrokerPosition,
): Promise<EntryRecord | undefined> {
  const { strategy, client } = input;
  const days = Array.from(signals.plan.bars.timestampMs, (time) => newYorkDay(time));
  for (const order of await client.closedOrders(position.symbol)) {
    const signalDay = entrySignalDay(strategy.specHash, position.symbol, order.clientOrderId);
    if (signalDay === null || order.filledQuantity <= 0) continue;
    if (order.filledAtMs === null || order.filledAveragePrice === null) return undefined;
    const signal = days.lastIndexOf(parseDay(signalDay));
    // The fill's session may still be in progress: then it is the bar after the last one.
    const fillDay = newYorkDay(order.filledAtMs);
    const fill = days.findIndex((day) => day >= fillDay);
    if (signal < 0) return undefined;
    return {
      signal,
      fill: fill < 0 ? days.length : fill,
      fillPrice: order.filledAveragePrice,
    };
  }
  return undefined;
}

/** An exit signal on the latest bar, or the time exit: bars held, the entry's bar counting as one. */
function exitDue(
  input: CycleInput,
  signals: SymbolSignals,
  entry: EntryRecord | undefined,
  position: BrokerPosition,
): boolean {
  const { plan, last } = signals;
  if (plan.exit !== null && plan.exit[last] === TRUE) return true;
  const limit = input.strategy.simulation.timeExitBars;
  if (limit === null) return false;
  if (!entry) {
    input.log.warn("time_exit_unknown", {
      symbol: position.symbol,
      reason: "no filled entry order of this strategy was found, so the bars held are unknown",
    });
    return false;
  }
  return last - entry.fill + 1 >= limit;
}

async function protect(
  input: CycleInput,
  signals: SymbolSignals,
  entry: EntryRecord,
  position: BrokerPosition,
): Promise<void> {
  const { log } = input;
  const { plan } = signals;
  const signalDay = formatDay(newYorkDay(plan.bars.timestampMs[entry.signal]!));
  const order = protectiveOrder(plan, entry, position);
  if (!order) return;
  if (plan.trailingStop && (plan.stopLoss || plan.takeProfit))
    log.warn("protection_partial", {
      symbol: position.symbol,
      reason:
        "Alpaca holds one closing order per position: the trailing stop is placed, the stop loss and take profit beside it are not",
    });
  await submitOnce(input, signalDay, "protect", order);
}

function hasProtectiveExits(plan: SymbolPlan | undefined): boolean {
  return (
    plan !== undefined &&
    (plan.stopLoss !== null || plan.takeProfit !== null || plan.trailingStop !== null)
  );
}

/**
 * Submits an order unless its client_order_id exists already; logs what is sent before sending
 * it and what came back. True when the order stands at the broker.
 */
async function submitOnce(
  input: CycleInput,
  signalDay: string,
  role: OrderRole,
  request: Omit<OrderRequest, "clientOrderId">,
): Promise<boolean> {
  const { client, log, strategy } = input;
  const id = clientOrderId(strategy.specHash, request.symbol, signalDay, role);
  const existing = await client.orderByClientId(id);
  if (existing) {
    log.info("order_already_submitted", {
      role,
      clientOrderId: id,
      symbol: request.symbol,
      status: existing.status,
    });
    return true;
  }
  const order = { ...request, clientOrderId: id };
  log.info("order_sending", { role, ...order });
  const outcome = await client.submit(order);
  switch (outcome.status) {
    case "submitted":
      log.info("order_submitted", {
        role,
        clientOrderId: id,
        symbol: request.symbol,
        orderId: outcome.order.id,
        status: outcome.order.status,
      });
      return true;
    case "already submitted":
      log.info("order_already_submitted", {
        role,
        clientOrderId: id,
        symbol: request.symbol,
        status: outcome.order?.status ?? null,
      });
      return true;
    case "refused":
      input.failedOrders++;
      log.error("order_refused", {
        role,
        clientOrderId: id,
        symbol: request.symbol,
        reason: outcome.reason,
      });
      return false;
    case "unknown":
      input.failedOrders++;
      log.error("order_outcome_unknown", {
        role,
        clientOrderId: id,
        symbol: request.symbol,
        reason: outcome.reason,
        next: "not re-sent; the next cycle looks it up by its client_order_id",
      });
      return false;
  }
}
