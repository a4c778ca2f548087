import { needsLookup } from "../../engine/orders/order-state.ts";
import { checkOrder, type CheckResult } from "../../engine/risk/index.ts";
import { marketOf } from "../bars/market-of.ts";
import { AlphadeskError } from "../errors.ts";
import { AuditAction } from "../ports/audit.ts";
import type { BrokerFill, BrokerOrder, TradeUpdate } from "../ports/broker.ts";
import type { Clock } from "../ports/clock.ts";
import type { Execution } from "../ports/execution.ts";
import type { Logger } from "../ports/logger.ts";
import type { OrderIntent } from "../ports/orders.ts";
import type { Store } from "../ports/store.ts";
import type { Reconciler } from "./reconciler.ts";
import { applyBrokerOrder } from "./apply-broker-order.ts";
import { gatherRiskContext } from "./risk-context.ts";

/** Who the audit trail names for the executor's moves. */
const actor = "executor";
/** Quantities closer than this (relative) are treated as equal: float sums drift. */
const quantityTolerance = 1e-9;
/**
 * Passes an intent whose broker lists fewer fills than it filled is asked again before it waits
 * for the next reconciliation (Alpaca's fill activities can trail the order by a moment).
 */
const owedFillPasses = 30;
/** Owed intents asked about per pass (the broker's rate limit is shared with the orders). */
const owedPerPass = 10;
/** Settled intents checked for missing fill rows at each reconciliation, newest first. */
const settledSweepLimit = 200;
/** Broker refusals whose outcome is clear: the order was not placed. */
const refusedCodes = new Set(["broker_rejected", "broker_auth", "broker_error", "invalid_input"]);

export interface ExecutorPass {
  /** Intents sent to the broker this pass. */
  submitted: number;
  /** Intents whose unclear outcome a lookup settled. */
  resolved: number;
  /** Approved intents left for later: queued for the session, stream down, or unclear. */
  waiting: number;
  /** Approved intents cancelled before submission (kill switch, risk re-check). */
  cancelled: number;
  /** Why nothing was sent this pass, when nothing could be. */
  blocked?: string;
}

export interface OrderExecutorOptions {
  store: Store;
  execution: Execution;
  clock: Clock;
  log: Logger;
  /** Checks positions before sending starts or resumes; without it only orders are reconciled. */
  reconciler?: Reconciler;
}

/**
 * Drives approved orders to the broker: the outbox's consumer. Each pass first resolves any
 * intent whose request may have gone out (`submitting`, `unknown`) by looking it up by client
 * order id, then submits approved intents after a fresh risk check, each moved to `submitting`
 * (a compare-and-set, committed) before the request leaves, so two executors never send the
 * same intent and a crash at any point is resolved by the lookup on the next pass. Broker order
 * and fill events move intents on; nothing is sent while the trade-updates stream is down, and
 * open intents are reconciled with the broker before sending resumes.
 *
 * Fills are recorded from their events and, whenever a lookup finds an order with more filled
 * than the intent's fill rows hold, from the broker's list of the order's fills (`fillsOf`, under
 * the ids the events carry, so each fill is stored once whichever path saw it first) before the
 * intent moves: a fill whose event went to a worker that died, or came while the stream was
 * down, still gets its row and its audit entry. Each reconciliation also checks recently settled
 * intents for missing fill rows.
 */
export class OrderExecutor {
  private streamUp = false;
  private needsReconcile = true;
  private subscription: { close(): Promise<void> } | undefined;
  private updates: Promise<void> = Promise.resolve();
  private passInFlight: Promise<ExecutorPass> | undefined;
  /** Intents whose fill rows fall short of what the broker filled: the order, passes left. */
  private readonly owedFills = new Map<string, { order: BrokerOrder; passesLeft: number }>();

  constructor(private readonly options: OrderExecutorOptions) {}

  /** Subscribes to the broker's trade updates; resolves once subscribed. */
  async start(): Promise<void> {
    const { broker } = this.options.execution;
    this.subscription = await broker.tradeUpdates(
      (update) => {
        this.updates = this.updates
          .then(() => this.applyUpdate(update))
          .catch((error: unknown) => {
            // The update is lost to this process: reconcile before anything more is sent.
            this.needsReconcile = true;
            this.options.log.error({ err: error }, "could not record a trade update");
          });
      },
      (state) => {
        this.streamUp = state === "up";
        if (state === "down") this.needsReconcile = true;
      },
    );
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    await this.updates;
    await this.passInFlight;
  }

  /** Trade updates received so far are recorded. */
  settled(): Promise<void> {
    return this.updates;
  }

  /** One pass over the outbox; passes in one process never overlap. */
  runOnce(): Promise<ExecutorPass> {
    const previous = this.passInFlight ?? Promise.resolve(undefined);
    const pass = previous.then(() => this.pass());
    this.passInFlight = pass.catch(() => undefined as unknown as ExecutorPass);
    return pass;
  }

  private async pass(): Promise<ExecutorPass> {
    const { store } = this.options;
    const result: ExecutorPass = { submitted: 0, resolved: 0, waiting: 0, cancelled: 0 };
    const unclear = await store.listIntents({ states: ["submitting", "unknown"], limit: 500 });
    for (const intent of unclear) if ((await this.lookUp(intent)) === "moved") result.resolved++;
    await this.collectOwedFills();
    if (!this.streamUp) {
      result.blocked = `the ${this.options.execution.broker.name} trade-updates stream is down: no order is sent until it is back and open orders are reconciled`;
      result.waiting = (await store.pendingOutbox(500)).length;
      return result;
    }
    if (this.needsReconcile) {
      // A lookup that failed leaves its intent as stale as the stream left it: sending resumes
      // only once every open intent is reconciled, and the next pass tries again.
      const unreconciled = await this.reconcileOpen();
      if (unreconciled > 0) {
        result.blocked = `${unreconciled} open order(s) could not be looked up at ${this.options.execution.broker.name} to reconcile them after the trade-updates stream was down: no order is sent until they are`;
        result.waiting = (await store.pendingOutbox(500)).length;
        return result;
      }
      const unhandled = await this.unhandledMismatches();
      if (unhandled) {
        result.blocked = unhandled;
        result.waiting = (await store.pendingOutbox(500)).length;
        return result;
      }
      this.needsReconcile = false;
    }
    for (const row of await store.pendingOutbox(500)) {
      const intent = await store.requestIntent(row.intentId);
      if (!intent) continue;
      const outcome = await this.submitIntent(intent);
      result[outcome]++;
    }
    return result;
  }

  /**
   * Positions checked against the broker before sending resumes (at start and after the stream
   * was down): a difference not yet acted on (its strategies halted) blocks every order.
   */
  private async unhandledMismatches(): Promise<string | undefined> {
    if (!this.options.reconciler) return undefined;
    const report = await this.options.reconciler.check();
    const open = report.mismatches.filter((mismatch) => !mismatch.handled);
    if (open.length === 0) return undefined;
    const named = open
      .map((m) => `${m.symbol} (broker ${m.broker}, expected ${m.expected})`)
      .join(", ");
    return `positions differ from ${report.broker} on ${named}: no order is sent until a second check confirms it and halts what traded them`;
  }

  /**
   * Brings every open intent up to date with what the broker says (after the stream was down),
   * then fills in the fill rows recently settled intents miss; the number of open intents whose
   * lookup failed (a settled intent's missing rows never hold sending back).
   */
  private async reconcileOpen(): Promise<number> {
    const open = await this.options.store.listIntents({
      states: ["submitted", "partially_filled"],
      limit: 1000,
    });
    let failed = 0;
    for (const intent of open) if ((await this.lookUp(intent)) === "failed") failed++;
    await this.sweepSettledFills();
    return failed;
  }

  /**
   * Settled intents (the newest) with fewer fill rows than their filled quantity: their fills are
   * read from the broker and recorded. Such a gap is left by a fill event that was never recorded
   * when something other than a lookup settled the intent.
   */
  private async sweepSettledFills(): Promise<void> {
    const settled = await this.options.store.listIntents({
      states: ["filled", "cancelled", "expired", "rejected"],
      limit: settledSweepLimit,
    });
    for (const intent of settled) {
      if (intent.broker !== this.options.execution.broker.name) continue;
      if (!(intent.filledQuantity > 0) || this.owedFills.has(intent.id)) continue;
      if (covers(await this.options.store.recordedFillQuantity(intent.id), intent.filledQuantity))
        continue;
      let order: BrokerOrder | undefined;
      try {
        order = await this.options.execution.broker.orderByClientId(intent.id);
      } catch (error) {
        this.options.log.warn(
          { err: error, intentId: intent.id },
          "order lookup for missing fills failed; will retry at the next reconciliation",
        );
        continue;
      }
      if (order) await this.recoverFills(intent.id, order, { owe: false });
    }
  }

  /** Asks again for the fills of intents whose broker listed too few of them. */
  private async collectOwedFills(): Promise<void> {
    const due = [...this.owedFills].slice(0, owedPerPass);
    for (const [intentId, owed] of due) {
      owed.passesLeft--;
      // To the back of the line, so a long list is worked through a few at a time.
      this.owedFills.delete(intentId);
      this.owedFills.set(intentId, owed);
      await this.recoverFills(intentId, owed.order, { owe: true });
    }
  }

  /**
   * Records every fill of `order` the intent's fill rows lack, from the broker's list of the
   * order's fills (each stored once, by fill id, with its audit row). While the rows still fall
   * short (the listing failed or trails the order) the intent is owed its fills and, with `owe`,
   * asked about again on the next passes; without it, at the next reconciliation.
   */
  private async recoverFills(
    intentId: string,
    order: BrokerOrder,
    { owe }: { owe: boolean },
  ): Promise<void> {
    const { store, execution, log } = this.options;
    let recorded = await this.options.store.recordedFillQuantity(intentId);
    if (!covers(recorded, order.filledQuantity)) {
      let fills: BrokerFill[] | undefined;
      try {
        fills = await execution.broker.fillsOf(order);
      } catch (error) {
        log.warn({ err: error, intentId }, "could not list an order's fills; will retry");
      }
      for (const fill of fills ?? []) {
        if (fill.brokerOrderId !== order.brokerOrderId) continue;
        const stored = await store.recordFill(
          {
            fillId: fill.fillId,
            intentId,
            quantity: fill.quantity,
            price: fill.price,
            fee: fill.fee,
            atMs: fill.atMs,
          },
          actor,
        );
        if (stored) recorded += fill.quantity;
      }
    }
    const owed = this.owedFills.get(intentId);
    if (covers(recorded, order.filledQuantity)) {
      this.owedFills.delete(intentId);
    } else if (!owe) {
      log.warn(
        { intentId, broker: execution.broker.name, recorded, filled: order.filledQuantity },
        "the broker lists fewer fills than a settled order filled; checked again at the next reconciliation",
      );
    } else if (!owed) {
      this.owedFills.set(intentId, { order, passesLeft: owedFillPasses });
    } else if (owed.passesLeft <= 0) {
      this.owedFills.delete(intentId);
      log.warn(
        { intentId, broker: execution.broker.name, recorded, filled: order.filledQuantity },
        "the broker still lists fewer fills than the order filled; checked again at the next reconciliation",
      );
    } else {
      owed.order = order;
    }
  }

  /**
   * Looks an intent up at the broker by its id and moves it to what the broker knows; an intent
   * the broker never received goes back to approved (to be sent by the outbox).
   */
  private async lookUp(intent: OrderIntent): Promise<"moved" | "unchanged" | "failed"> {
    let found: BrokerOrder | undefined;
    try {
      found = await this.options.execution.broker.orderByClientId(intent.id);
    } catch (error) {
      this.options.log.warn({ err: error, intentId: intent.id }, "order lookup failed; will retry");
      return "failed";
    }
    if (found) {
      if (found.filledQuantity > 0) await this.recoverFills(intent.id, found, { owe: true });
      return (await applyBrokerOrder(this.options.store, intent, found, actor)) !== undefined
        ? "moved"
        : "unchanged";
    }
    if (!needsLookup(intent.state)) return "unchanged";
    const moved = await this.options.store.moveIntent(
      intent.id,
      [intent.state],
      "approved",
      {},
      {
        actor,
        action: AuditAction.orderUpdated,
        details: { event: "lookup_missing", note: "the broker never received it: it may be sent" },
      },
    );
    return moved !== undefined ? "moved" : "unchanged";
  }

  private async submitIntent(intent: OrderIntent): Promise<"submitted" | "waiting" | "cancelled"> {
    const { store, execution, clock } = this.options;
    if (intent.state !== "approved") {
      // Sent or settled already: the outbox row is done unless a lookup is still due.
      if (!needsLookup(intent.state))
        await store.moveIntent(
          intent.id,
          [intent.state],
          intent.state,
          { settleOutbox: true },
          {
            actor,
            action: AuditAction.orderUpdated,
            details: { event: "outbox_settled" },
          },
        );
      return "waiting";
    }
    const nowMs = clock.nowMs();
    if (intent.queuedUntilMs !== null && intent.queuedUntilMs > nowMs) return "waiting";
    const gathered = await gatherRiskContext(
      execution,
      store,
      {
        symbol: intent.symbol,
        side: intent.side,
        ...(intent.strategyId ? { strategyId: intent.strategyId } : {}),
      },
      nowMs,
      intent.id,
    );
    const decision = gathered.price
      ? checkOrder(
          {
            symbol: intent.symbol,
            side: intent.side,
            quantity: intent.quantity,
            type: intent.type,
            ...(intent.limitPrice !== null ? { limitPrice: intent.limitPrice } : {}),
            ...(intent.strategyId ? { strategyId: intent.strategyId } : {}),
            market: marketOf(intent.symbol),
          },
          gathered.context,
        )
      : undefined;
    if (decision?.allowed && decision.queuedForSession) return "waiting";
    // The throttle paces what a human approved rather than refusing it: an order past
    // maxOrdersPerMinute (a rebalance batch of more orders than that) goes when the minute allows.
    if (decision && !decision.allowed && onlyThrottled(decision.checks)) return "waiting";
    if (!decision?.allowed) {
      const why = decision
        ? decision.reason.message
        : `no price for ${intent.symbol} from ${execution.prices.name}`;
      const reason = gathered.halt
        ? `kill switch: ${gathered.halt.reason}`
        : `risk re-check at submission: ${why}`;
      await store.moveIntent(
        intent.id,
        ["approved"],
        "cancelled",
        { rejectReason: reason, settleOutbox: true },
        { actor, action: AuditAction.orderUpdated, details: { event: "cancelled", reason } },
      );
      return "cancelled";
    }
    // The kill switch may have been thrown while the risk check ran.
    if (await execution.halt.read()) return "waiting";
    const claimed = await store.moveIntent(
      intent.id,
      ["approved"],
      "submitting",
      { submitting: true },
      {
        actor,
        action: AuditAction.orderSubmitting,
        details: { broker: execution.broker.name, checks: decision.checks },
      },
    );
    if (!claimed) return "waiting";
    let placed: BrokerOrder;
    try {
      placed = await execution.broker.submit({
        clientOrderId: intent.id,
        symbol: intent.symbol,
        side: intent.side,
        quantity: intent.quantity,
        type: intent.type,
        ...(intent.limitPrice !== null ? { limitPrice: intent.limitPrice } : {}),
        timeInForce: "day",
      });
    } catch (error) {
      await this.submitFailed(claimed, error);
      return "waiting";
    }
    await applyBrokerOrder(this.options.store, claimed, placed, actor);
    await this.cancelIfHalted(placed);
    return "submitted";
  }

  /**
   * The kill switch raises its flag before it cancels at the broker, so an order whose request
   * left just before (and missed the cancel-all) is seen here and cancelled too.
   */
  private async cancelIfHalted(placed: BrokerOrder): Promise<void> {
    const halt = await this.options.execution.halt.read();
    if (!halt || placed.status === "filled" || placed.status === "cancelled") return;
    if (placed.status === "rejected" || placed.status === "expired") return;
    try {
      await this.options.execution.broker.cancel(placed.brokerOrderId);
    } catch (error) {
      this.options.log.error(
        { err: error, brokerOrderId: placed.brokerOrderId },
        "could not cancel an order sent as the kill switch was thrown",
      );
    }
  }

  /** A refused order is rejected; anything else leaves its outcome unknown, for the lookup. */
  private async submitFailed(intent: OrderIntent, error: unknown): Promise<void> {
    const code = error instanceof AlphadeskError ? error.code : "unexpected";
    const message = error instanceof Error ? error.message : String(error);
    if (refusedCodes.has(code)) {
      await this.options.store.moveIntent(
        intent.id,
        ["submitting"],
        "rejected",
        { rejectReason: message, settleOutbox: true },
        {
          actor,
          action: AuditAction.orderUpdated,
          details: { event: "broker_rejected", code, message },
        },
      );
      return;
    }
    if (code === "duplicate_client_order_id") {
      await this.lookUp(intent);
      return;
    }
    this.options.log.warn({ err: error, intentId: intent.id }, "order outcome unclear");
    await this.options.store.moveIntent(
      intent.id,
      ["submitting"],
      "unknown",
      {},
      {
        actor,
        action: AuditAction.orderUpdated,
        details: { event: "outcome_unclear", code, message },
      },
    );
  }

  private async applyUpdate(update: TradeUpdate): Promise<void> {
    const { store } = this.options;
    const intent = await store.requestIntent(update.order.clientOrderId);
    if (!intent) return; // An order placed outside Alphadesk.
    if (update.fill) {
      const fill = update.fill;
      await store.recordFill(
        {
          fillId: fill.fillId,
          intentId: intent.id,
          quantity: fill.quantity,
          price: fill.price,
          fee: fill.fee,
          atMs: fill.atMs,
        },
        actor,
      );
    }
    await applyBrokerOrder(this.options.store, intent, update.order, actor);
  }
}

/** Whether `recorded` accounts for all of `filled`, within float drift. */
function covers(recorded: number, filled: number): boolean {
  return recorded >= filled * (1 - quantityTolerance);
}

/** True when the throttle is all that refused the order. */
const onlyThrottled = (checks: readonly CheckResult[]) =>
  checks.every((check) => check.passed || check.code === "ORDER_THROTTLE");
