import type { z } from "zod";
import { marketOf } from "../bars/market-of.ts";
import type { ToolContext } from "../define-tool.ts";
import { stageCapital } from "../lifecycle/stage-evidence.ts";
import { proposeAtStage, proposeOrder, type ProposeOrderInput } from "../orders/propose-order.ts";
import { netBySymbol } from "../orders/net-fills.ts";
import { requireExecution } from "../orders/require-execution.ts";
import type { Execution } from "../ports/execution.ts";
import type { StoredStrategy, Timeframe } from "../ports/store.ts";
import type {
  AlertKey,
  AlertOutcome,
  AlertRecord,
  WebhookAlertLog,
} from "../ports/webhook-alerts.ts";
import { parseToolInput } from "../run-tool.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { entryOrder, exitOrder, type AlertOrder } from "./alert-order.ts";
import { alertTiming } from "./alert-window.ts";
import type { TradingViewAlert } from "./tradingview-alert.ts";

/** What became of an alert whose secret was right. */
export type AlertReceipt =
  | { kind: "refused"; status: 404 | 422; message: string }
  | { kind: "duplicate"; earlier: AlertRecord }
  | {
      kind: "settled";
      strategy: { id: string; name: string };
      symbol: string;
      outcome: AlertOutcome;
    };

type Alert = Omit<TradingViewAlert, "secret">;

/** Who proposes an alert's order: its source and the strategy, never a person who may approve. */
export const alertActor = (strategyId: string) => `tradingview:${strategyId.slice(0, 12)}`;

/**
 * A TradingView alert becomes a proposed order, through `propose_order` like any other (the
 * strategy's stage, the risk gate, a pending approval that only a human decides), acting as
 * `tradingview:<strategy id prefix>`. Refused before anything is written: a strategy not stored,
 * a symbol outside its universe, the other side than the strategy trades, a bar too old or
 * in the future. Each (strategy, symbol, action, bar) is proposed at most once: a repeat gets
 * the first one's outcome.
 */
export async function receiveAlert(
  alert: Alert,
  context: ToolContext,
  alerts: WebhookAlertLog,
): Promise<AlertReceipt> {
  const execution = requireExecution(context);
  const stored = await context.store.requestStrategy(alert.strategyId);
  if (!stored)
    return {
      kind: "refused",
      status: 404,
      message: `no stored strategy ${alert.strategyId}: the alert must carry the id of a strategy stored here (backtest_strategy stores it; generate_code's Pine script carries it)`,
    };
  const spec = parseStrategySpec(stored.spec);
  const symbol = universeSymbol(spec.universe, alert.symbol);
  if (!symbol) {
    const shown = spec.universe.slice(0, 20).join(", ");
    return {
      kind: "refused",
      status: 422,
      message: `${alert.symbol} is not in the universe of strategy "${stored.name}" (${shown}${spec.universe.length > 20 ? ", ..." : ""})`,
    };
  }
  if (alert.side !== spec.side)
    return {
      kind: "refused",
      status: 422,
      message: `strategy "${stored.name}" trades ${spec.side} positions; the alert's side is ${alert.side}`,
    };
  const nowMs = context.clock.nowMs();
  const timing = alertTiming(alert.barTime, nowMs, spec.timeframe as Timeframe, marketOf(symbol));
  if (!timing.ok) return { kind: "refused", status: 422, message: timing.message };

  const key: AlertKey = {
    source: "tradingview",
    strategyId: alert.strategyId,
    symbol,
    action: alert.action,
    barTimeMs: alert.barTime,
  };
  const claim = await alerts.claim({
    key,
    side: alert.side,
    price: alert.price,
    receivedAtMs: nowMs,
  });
  if (!claim.claimed) return { kind: "duplicate", earlier: claim.earlier };
  let outcome: AlertOutcome;
  try {
    const order = await orderFor(alert, symbol, stored, spec, context, execution);
    outcome =
      order.kind === "none"
        ? { status: "ignored", intentId: null, approvalId: null, note: order.note }
        : await propose(order, symbol, alert, context);
  } catch (error) {
    // Nothing was proposed: give the key back, so a retry of this alert is not taken for a repeat.
    await alerts.release(key);
    throw error;
  }
  // Past this point the key is never given back: a proposal exists, even if recording it fails.
  await alerts.settle(key, outcome, context.clock.nowMs());
  return { kind: "settled", strategy: { id: stored.id, name: stored.name }, symbol, outcome };
}

/** The universe's spelling of `symbol`: the same letters in any case, `BTCUSD` for `BTC/USD`. */
function universeSymbol(universe: readonly string[], symbol: string): string | undefined {
  const comparable = (text: string) => text.toUpperCase().replaceAll("/", "");
  const wanted = comparable(symbol);
  return (
    universe.find((known) => known.toUpperCase() === symbol.toUpperCase()) ??
    universe.find((known) => comparable(known) === wanted)
  );
}

async function orderFor(
  alert: Alert,
  symbol: string,
  stored: StoredStrategy,
  spec: ReturnType<typeof parseStrategySpec>,
  context: ToolContext,
  execution: Execution,
): Promise<AlertOrder> {
  const { broker } = execution;
  if (alert.action === "exit") {
    const [fills, positions] = await Promise.all([
      context.store.strategyFills(stored.id, { live: broker.live, sinceMs: 0 }),
      broker.positions(),
    ]);
    const net = netBySymbol(fills).get(symbol) ?? 0;
    const held = positions.find((position) => position.symbol === symbol)?.quantity ?? 0;
    return exitOrder(alert.side, symbol, net, held);
  }
  const [stage, account] = await Promise.all([
    context.store.requestStage(stored.id),
    broker.account(),
  ]);
  const capital = stage ? stageCapital(stage) : account.equity;
  const equity =
    capital <= account.equity
      ? { value: capital, basis: "the strategy's capital" }
      : {
          value: account.equity,
          basis: `the account's equity, below the strategy's capital ${capital}`,
        };
  return entryOrder(spec, symbol, equity, alert.price);
}

/**
 * An entry is sized at the strategy's full capital and its stage takes its share (a tenth at
 * small_live); an exit closes what the strategy holds, which is already at the stage's size.
 */
async function propose(
  order: Extract<AlertOrder, { kind: "order" }>,
  symbol: string,
  { strategyId, action }: Alert,
  context: ToolContext,
): Promise<AlertOutcome> {
  const input = parseToolInput(proposeOrder, {
    symbol,
    side: order.side,
    quantity: order.quantity,
    strategyId,
  }) as z.output<typeof ProposeOrderInput>;
  const result = await proposeAtStage(
    input,
    { ...context, actor: alertActor(strategyId) },
    { stageSized: action === "exit" },
  );
  if (result.status === "denied")
    return { status: "denied", intentId: null, approvalId: null, note: result.reason.message };
  return {
    status: result.status,
    intentId: result.order.intentId,
    approvalId: result.approval.id,
    note:
      result.status === "approved"
        ? `approved by the strategy's paper auto-approval: ${order.basis}`
        : order.basis,
  };
}
