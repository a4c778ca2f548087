import { createHash } from "node:crypto";
import { effectiveLimits } from "../../engine/risk/index.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { invalidData, invalidInput } from "../errors.ts";
import { paramsHash } from "../orders/params-hash.ts";
import { requireExecution } from "../orders/require-execution.ts";
import { AuditAction } from "../ports/audit.ts";
import type { Execution } from "../ports/execution.ts";
import type { NewIntent, OrderBatch } from "../ports/orders.ts";
import type { StoredPortfolio } from "../ports/portfolios.ts";
import type { CorrelationRegimeEvent } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";
import { gateBatch, type GatedOrder } from "./rebalance-gate.ts";
import {
  planRebalance,
  steppedNotionalShare,
  type Holding,
  type SizeLimits,
  type RebalanceAccount,
} from "./rebalance-plan.ts";
import { regimeCutoffMs, regimeEventsSince } from "./rebalance-regimes.ts";
import {
  RebalancePortfolioBrief,
  RebalancePortfolioInput,
  RebalancePortfolioOutput,
  type RebalanceOrderView,
  type RebalanceSummary,
} from "./rebalance-schema.ts";
import { symbolTargets } from "./rebalance-targets.ts";

export const rebalancePortfolio = defineTool({
  name: "rebalance_portfolio",
  summary:
    "Propose the orders that bring a stored portfolio back to its targets (drift or a correlation regime change): one card, one Approve, every order risk-checked.",
  description:
    "Check a stored portfolio (construct_portfolio's, the newest by default) against the broker account and propose the orders that bring it back to its target weights, when a symbol drifted past `driftThreshold` or a correlation regime changed over its symbols since it was built (or with `force`). A strategy's weight is split evenly over its universe; raw return series are named by their symbols. Orders are fractional, sells first, within the buying power; each passes the risk gate, and all that pass wait together as one batch for a human's single Approve (chat button or `alphadesk approve <batch id>`), which sends them, each risk-checked again at submission. Nothing is sent before that.",
  input: RebalancePortfolioInput,
  output: RebalancePortfolioOutput,
  effect: "order",
  openWorld: true,
  brief: {
    output: RebalancePortfolioBrief,
    from: (output) => ({
      ...output,
      drifts: output.drifts.slice(0, 10),
      ...("orders" in output
        ? { orders: output.orders.map(({ checks: _checks, ...order }) => order) }
        : {}),
    }),
  },
  async run(input, context) {
    const execution = requireExecution(context);
    const { broker } = execution;
    const nowMs = context.clock.nowMs();
    const portfolio = await portfolioToRebalance(context, input.portfolioId);
    const targets = await symbolTargets(context, portfolio, broker.live);
    context.progress(0.2, `reading the ${broker.name} account`);
    const account = await accountFor(context, execution, [...targets.weights.keys()]);
    if (!(account.equity > 0))
      throw invalidData(
        `the ${broker.name} account's equity is ${account.equity}: there is nothing to weight`,
      );
    // Rebalance orders trade for no strategy: the account's limits are the ones the gate applies.
    const limits = effectiveLimits(
      execution.limits,
      (await context.store.requestControls("account")).limits,
    );
    const plan = planRebalance(targets.weights, account, input.minOrderNotional, limits);
    const [latest] = await context.store.listBatches({ portfolioId: portfolio.id, limit: 1 });
    const cutoffMs = regimeCutoffMs(portfolio, latest);
    const events = await regimeEventsSince(
      context.store,
      new Set(targets.weights.keys()),
      cutoffMs,
    );
    const maxDrift = plan.drifts[0] ?? null;
    const common = {
      portfolio: {
        id: portfolio.id,
        objective: portfolio.objective,
        source: portfolio.source,
        createdAt: isoTime(portfolio.createdAtMs),
      },
      broker: broker.name,
      live: broker.live,
      equity: account.equity,
      buyingPower: account.buyingPower,
      driftThreshold: input.driftThreshold,
      maxDrift,
      drifts: plan.drifts,
      triggers: {
        drift: maxDrift !== null && Math.abs(maxDrift.drift) > input.driftThreshold,
        forced: input.force,
        regimeEvents: events.map(regimeView),
      },
      warnings: warningsOf(plan, account, targets.weights, execution.prices.name, limits),
    };
    if (latest?.state === "pending" && latest.expiresAtMs > nowMs)
      return { status: "waiting" as const, ...common, batch: await waitingView(context, latest) };
    const { triggers } = common;
    if (!triggers.drift && !triggers.forced && events.length === 0)
      return { status: "in_range" as const, ...common };
    if (plan.orders.length === 0) return { status: "nothing_to_trade" as const, ...common };

    context.progress(0.5, `risk-checking ${plan.orders.length} orders`);
    const gated = await gateBatch(execution, context.store, plan.orders, targets.blocked, nowMs);
    const denied = gated.filter((order) => !order.allowed);
    for (const order of denied)
      await context.store.appendAudit({
        actor: context.actor,
        action: AuditAction.orderDenied,
        subject: null,
        details: {
          order: { symbol: order.symbol, side: order.side, quantity: order.quantity },
          portfolioId: portfolio.id,
          reason: order.reason,
          checks: order.checks,
        },
      });
    const passed = gated.filter((order) => order.allowed);
    if (passed.length === 0)
      return { status: "denied" as const, ...common, orders: gated.map((o) => orderView(o)) };

    const intents = passed.map((order) => intentOf(order, execution));
    const summary: RebalanceSummary = {
      portfolio: { id: portfolio.id, objective: portfolio.objective, source: portfolio.source },
      equity: account.equity,
      driftThreshold: input.driftThreshold,
      maxDrift,
      triggers,
      regimeThroughMs: Math.max(cutoffMs, ...events.map((event) => event.atMs)),
      denied: denied.map(({ symbol, side, quantity, price, notional, reason }) => ({
        symbol,
        side,
        quantity,
        referencePrice: price,
        notional,
        reason: { code: reason.code, message: reason.message },
      })),
      warnings: common.warnings,
    };
    const proposal = await context.store.proposeBatch({
      batch: {
        portfolioId: portfolio.id,
        broker: broker.name,
        live: broker.live,
        paramsHash: batchParamsHash(intents.map((intent) => intent.paramsHash)),
        approvers: [...execution.approvers],
        expiresAtMs: nowMs + execution.approvalTtlMs,
        summary,
      },
      intents,
      actor: context.actor,
      nowMs,
    });
    if (!proposal.ok)
      return {
        status: "waiting" as const,
        ...common,
        batch: await waitingView(context, proposal.pending),
      };
    const intentIds = new Map(proposal.intents.map((intent) => [intent.symbol, intent.id]));
    return {
      status: "proposed" as const,
      ...common,
      batch: batchView(proposal.batch, proposal.intents.length),
      orders: gated.map((order) => orderView(order, intentIds.get(order.symbol))),
    };
  },
});

/**
 * sha256 over the intents' params hashes in batch order: a click on the card names it, so
 * Approve sends exactly the orders the card showed.
 */
export function batchParamsHash(intentHashes: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(intentHashes)).digest("hex");
}

async function portfolioToRebalance(
  context: ToolContext,
  portfolioId: string | undefined,
): Promise<StoredPortfolio> {
  const id = portfolioId ?? (await context.store.listPortfolios({ limit: 1 }))[0]?.id;
  if (id === undefined)
    throw invalidInput(
      "no portfolio is stored yet: build one with construct_portfolio, then rebalance it",
      [{ path: ["portfolioId"], message: "no stored portfolio to rebalance" }],
    );
  const portfolio = await context.store.requestPortfolio(id);
  if (!portfolio)
    throw invalidInput(`no stored portfolio has the id ${id}`, [
      {
        path: ["portfolioId"],
        message: "not a stored portfolio (construct_portfolio lists its id)",
      },
    ]);
  return portfolio;
}

/**
 * The account as the rebalance sees it: equity and buying power, holdings with open orders and
 * approved orders not yet sent counted as filled (so nothing on its way is ordered again), and
 * last trades from the price source the risk gate uses.
 */
async function accountFor(
  context: ToolContext,
  execution: Execution,
  symbols: string[],
): Promise<RebalanceAccount> {
  const { broker, prices } = execution;
  const [account, positions, openOrders, approved, trades] = await Promise.all([
    broker.account(),
    broker.positions(),
    broker.openOrders(),
    context.store.listIntents({ states: ["approved"], limit: 1000 }),
    Promise.all(symbols.map((symbol) => prices.lastTrade(symbol))),
  ]);
  const holdings = new Map<string, Holding>(
    positions.map((position) => [
      position.symbol,
      { quantity: position.quantity, marketValue: position.marketValue },
    ]),
  );
  const coming = [
    ...openOrders.map((open) => ({ ...open, quantity: open.quantity - open.filledQuantity })),
    ...approved.filter((intent) => intent.broker === broker.name),
  ];
  for (const order of coming) {
    const held = holdings.get(order.symbol) ?? { quantity: 0, marketValue: 0 };
    const remaining = Math.max(0, order.quantity);
    held.quantity += order.side === "buy" ? remaining : -remaining;
    holdings.set(order.symbol, held);
  }
  const priced = new Map<string, number>();
  symbols.forEach((symbol, index) => {
    const trade = trades[index];
    if (trade) priced.set(symbol, trade.price);
  });
  return { equity: account.equity, buyingPower: account.buyingPower, holdings, prices: priced };
}

function warningsOf(
  plan: ReturnType<typeof planRebalance>,
  account: RebalanceAccount,
  targets: ReadonlyMap<string, number>,
  priceSource: string,
  limits: SizeLimits,
): string[] {
  const warnings: string[] = [];
  if (plan.unpriced.length > 0)
    warnings.push(
      `no last trade from ${priceSource} for ${plan.unpriced.join(", ")}: not rebalanced (their weight counts at market value)`,
    );
  if (plan.buyScale < 1)
    warnings.push(
      `buys cut to ${(plan.buyScale * 100).toFixed(1)}% of their size to fit the buying power and what the sells bring in`,
    );
  if (plan.stepped.length > 0)
    warnings.push(
      `${plan.stepped.join(", ")} cut to the per-order limits (${(steppedNotionalShare * 100).toFixed(0)}% of maxOrderNotional ${limits.maxOrderNotional}, at most maxOrderQuantity ${limits.maxOrderQuantity} units): this batch goes part of the way, and a rebalance once it has filled goes on`,
    );
  if (plan.capped.length > 0)
    warnings.push(
      `${plan.capped.join(", ")} bought only up to ${(steppedNotionalShare * 100).toFixed(0)}% of maxPositionNotional ${limits.maxPositionNotional} a position: the target stays out of reach until that limit is raised`,
    );
  if (plan.belowMinimum > 0)
    warnings.push(`${plan.belowMinimum} order(s) below minOrderNotional left out`);
  const outside = [...account.holdings.keys()].filter((symbol) => !targets.has(symbol));
  if (outside.length > 0)
    warnings.push(
      `held outside the portfolio and left alone: ${outside.slice(0, 20).join(", ")}${outside.length > 20 ? ` and ${outside.length - 20} more` : ""}`,
    );
  return warnings;
}

function intentOf(order: GatedOrder & { allowed: true }, execution: Execution): NewIntent {
  const parameters = {
    broker: execution.broker.name,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    type: "market" as const,
    limitPrice: null,
    strategyId: null,
  };
  return {
    ...parameters,
    live: execution.broker.live,
    paramsHash: paramsHash(parameters),
    risk: {
      checks: order.checks,
      referencePrice: order.price,
      priceSource: execution.prices.name,
      notional: order.notional,
    },
    queuedUntilMs: order.queuedUntilMs,
  };
}

function orderView(order: GatedOrder, intentId?: string): RebalanceOrderView {
  return {
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    referencePrice: order.price,
    notional: order.notional,
    currentWeight: order.currentWeight,
    targetWeight: order.targetWeight,
    verdict: order.allowed ? "passed" : "denied",
    ...(order.allowed ? {} : { reason: order.reason as RebalanceOrderView["reason"] }),
    checks: order.checks,
    ...(intentId ? { intentId } : {}),
    ...(order.allowed && order.queuedUntilMs !== null
      ? { queuedUntil: isoTime(order.queuedUntilMs) }
      : {}),
  };
}

/** The proposal that waits, with the number of orders its Approve sends. */
async function waitingView(context: ToolContext, batch: OrderBatch) {
  const stored = await context.store.requestBatch(batch.id);
  return batchView(batch, stored?.intents.length ?? 0);
}

function batchView(batch: OrderBatch, orders: number) {
  return {
    id: batch.id,
    state: batch.state,
    orders,
    approvers: batch.approvers,
    expiresAt: isoTime(batch.expiresAtMs),
    paramsHash: batch.paramsHash,
  };
}

function regimeView(event: CorrelationRegimeEvent) {
  return {
    symbols: event.symbols,
    windowBars: event.windowBars,
    metric: event.metric,
    direction: event.direction,
    at: isoTime(event.atMs),
    shift: event.shift,
  };
}
