import { AuditAction } from "../ports/audit.ts";
import type { Store } from "../ports/store.ts";
import type { StrategyStage } from "../ports/trading.ts";
import { stageEvidence, stageRules, type StageEvidence } from "./stage-evidence.ts";

export interface DivergenceReport {
  strategyId: string;
  stage: StrategyStage;
  evidence: StageEvidence;
  /** True when this check moved the strategy to reducing. */
  reduced: boolean;
}

const actor = "divergence-monitor";
/** The capital a strategy was promoted with (its stage evidence), else this. */
const defaultCapital = 100_000;

/**
 * Compares each live strategy's fills and P&L with what its backtest logic did on the same bars
 * since the stage began. A gap wider than `stageRules.maxDivergence` of the traded capital moves
 * the strategy to `reducing` (only orders that shrink its positions pass) and asks a human, with
 * an audit row and a trading-state event naming the numbers.
 */
export async function checkDivergence(store: Store, nowMs: number): Promise<DivergenceReport[]> {
  const reports: DivergenceReport[] = [];
  for (const stage of await store.listStages(["small_live", "full_live"])) {
    const capital = (stage.evidence as { capital?: number }).capital ?? defaultCapital;
    const evidence = await stageEvidence(store, stage, capital, nowMs);
    // The gap now, not the widest so far: once a human resumed a strategy that came back in
    // line, an old excursion does not move it again.
    const gap = Math.abs(evidence.comparison?.finalGap ?? 0);
    let reduced = false;
    if (gap > stageRules.maxDivergence) {
      const scope = `strategy:${stage.strategyId}` as const;
      const controls = await store.requestControls(scope);
      if (controls.state === "active") {
        const reason = `divergence: live equity is ${(gap * 100).toFixed(1)}% of its capital ${evidence.capital} away from the backtest of the same bars (limit ${stageRules.maxDivergence * 100}%); only reducing orders pass until a human looks (resume, or promote_strategy back to paper)`;
        await store.setControls(scope, { state: "reducing", reason }, actor);
        await store.appendAudit({
          actor,
          action: AuditAction.divergence,
          subject: stage.strategyId,
          details: { stage: stage.stage, ...evidence },
        });
        reduced = true;
      }
    }
    reports.push({ strategyId: stage.strategyId, stage: stage.stage, evidence, reduced });
  }
  return reports;
}
