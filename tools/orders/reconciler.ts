import { relativeTolerance } from "../../engine/risk/index.ts";
import { AuditAction } from "../ports/audit.ts";
import type { Execution } from "../ports/execution.ts";
import type { Logger } from "../ports/logger.ts";
import type { Store } from "../ports/store.ts";
import type { Holding } from "../ports/trading.ts";

export interface Mismatch {
  symbol: string;
  /** What the broker holds. */
  broker: number;
  /** The baseline plus Alphadesk's own net fills. */
  expected: number;
  strategyIds: string[];
  /** Seen on this many checks in a row; acted on from `confirmations`. */
  seen: number;
  /** True once every scope that traded the symbol is halted (by this check or before). */
  handled: boolean;
  /** What this check halted, when it acted. */
  halted?: string[];
}

export interface ReconciliationReport {
  broker: string;
  ok: boolean;
  /** True when this check took the first baseline (holdings Alphadesk did not trade). */
  baselineTaken: boolean;
  mismatches: Mismatch[];
}

const actor = "reconciler";

/**
 * Compares the broker's positions with what Alphadesk expects: the baseline of holdings it did
 * not trade plus the net fills of its own orders. A difference seen on `confirmations` checks in
 * a row (a fill can be in flight for one) halts every strategy that traded the symbol, or the
 * whole account when none did, with an audit row and a trading-state event for the chat layer.
 */
export class Reconciler {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly options: {
      store: Store;
      execution: Execution;
      log: Logger;
      confirmations?: number;
    },
  ) {}

  async check(): Promise<ReconciliationReport> {
    const { store, execution } = this.options;
    const { broker } = execution;
    const [positions, own, baseline] = await Promise.all([
      broker.positions(),
      store.netFilled(broker.name),
      store.reconciliationBaseline(broker.name),
    ]);
    const held = new Map(positions.map((position) => [position.symbol, position.quantity]));
    if (!baseline) {
      const external = outsideHoldings(positions, own);
      await store.saveReconciliationBaseline(broker.name, external, actor);
      return { broker: broker.name, ok: true, baselineTaken: true, mismatches: [] };
    }
    const expected = new Map(baseline.map((holding) => [holding.symbol, holding.quantity]));
    const strategies = new Map<string, string[]>();
    for (const fill of own) {
      expected.set(fill.symbol, (expected.get(fill.symbol) ?? 0) + fill.quantity);
      strategies.set(fill.symbol, fill.strategyIds);
    }
    const mismatches: Mismatch[] = [];
    for (const symbol of new Set([...held.keys(), ...expected.keys()])) {
      const actual = held.get(symbol) ?? 0;
      const wanted = expected.get(symbol) ?? 0;
      if (Math.abs(actual - wanted) <= relativeTolerance * Math.max(1, Math.abs(wanted))) {
        this.seen.delete(symbol);
        continue;
      }
      const seen = (this.seen.get(symbol) ?? 0) + 1;
      this.seen.set(symbol, seen);
      mismatches.push({
        symbol,
        broker: actual,
        expected: wanted,
        strategyIds: strategies.get(symbol) ?? [],
        seen,
        handled: false,
      });
    }
    for (const mismatch of mismatches)
      if (mismatch.seen >= (this.options.confirmations ?? 2)) await this.halt(mismatch);
    return { broker: broker.name, ok: mismatches.length === 0, baselineTaken: false, mismatches };
  }

  private async halt(mismatch: Mismatch): Promise<void> {
    const { store, log } = this.options;
    const reason = `reconciliation: ${this.options.execution.broker.name} holds ${mismatch.broker} ${mismatch.symbol}, Alphadesk expects ${mismatch.expected}; check the positions and accept them with \`alphadesk reconcile --accept\``;
    const scopes = mismatch.strategyIds.length
      ? mismatch.strategyIds.map((id) => `strategy:${id}` as const)
      : (["account"] as const);
    mismatch.halted = [];
    for (const scope of scopes) {
      const controls = await store.requestControls(scope);
      if (controls.state === "halted") continue;
      await store.setControls(scope, { state: "halted", reason }, actor);
      mismatch.halted.push(scope);
    }
    mismatch.handled = true;
    if (mismatch.halted.length > 0) {
      await store.appendAudit({
        actor,
        action: AuditAction.reconciliationMismatch,
        subject: mismatch.symbol,
        details: mismatch,
      });
      log.error({ mismatch }, "positions differ from the broker: halted");
    }
  }
}

/** Holdings at the broker beyond what Alphadesk's own fills explain. */
export function outsideHoldings(positions: readonly Holding[], own: readonly Holding[]): Holding[] {
  const external = new Map(positions.map((position) => [position.symbol, position.quantity]));
  for (const fill of own)
    external.set(fill.symbol, (external.get(fill.symbol) ?? 0) - fill.quantity);
  return [...external]
    .filter(([, quantity]) => Math.abs(quantity) > relativeTolerance)
    .map(([symbol, quantity]) => ({ symbol, quantity }));
}
