import { count, figure, fixed, percent, signed, inWords as stage } from "./format.ts";

interface PromotionOutput {
  from: string;
  to: string;
  promoted: boolean;
  checks: { name: string; passed: boolean; required: string; actual: string }[];
}

/** promote_strategy: moved or not, and every check with what it needs and what it found. */
export function describePromotion(result: PromotionOutput): string {
  return [
    result.promoted
      ? `Promoted from ${stage(result.from)} to ${stage(result.to)}.`
      : `Not promoted: the strategy stays at ${stage(result.from)}, because a check for ${stage(result.to)} failed.`,
    ...result.checks.map(
      (check) =>
        `- ${check.passed ? "met" : "NOT MET"}: ${check.name} (needs: ${check.required}; found: ${check.actual})`,
    ),
  ].join("\n");
}

interface StrategyStatusOutput {
  strategies: {
    name: string;
    stage: string;
    daysInStage: number;
    state: string;
    trades: number;
    pnl: number | null;
    gapToBacktest: number | null;
    correlationToPortfolio: number | null;
    /** Absent from results stored before it was shown. */
    holdings?: { symbol: string; quantity: number }[];
    note?: string | undefined;
  }[];
  notPromoted?: { strategyId: string; name: string } | undefined;
}

/** strategy_status: each strategy past backtest with its stage, P&L and gap to its backtest. */
export function describeStrategyStatus({ strategies, notPromoted }: StrategyStatusOutput): string {
  if (notPromoted)
    return `${notPromoted.name} (${notPromoted.strategyId.slice(0, 12)}…) is still at backtest: it trades nowhere yet, so it has no fills or P&L. Promote it to paper ("paper trade it") once it passes validation.`;
  if (strategies.length === 0)
    return "No strategy promoted past backtest yet (promote_strategy moves one to paper).";
  return strategies
    .map(
      (row) =>
        `- ${row.name} (${stage(row.stage)}, ${row.daysInStage} days, ${row.state}): ${row.trades} trades, P&L ${fixed(row.pnl)}, gap to backtest ${row.note ? "n/a" : percent(row.gapToBacktest)}, correlation to the rest ${fixed(row.correlationToPortfolio)}${holds(row.holdings)}${row.note ? ` (${row.note})` : ""}`,
    )
    .join("\n");
}

/** "; holds 99 NEWCO, -5 SPY", or nothing when flat (and in results stored before holdings). */
const holds = (holdings: { symbol: string; quantity: number }[] | undefined) =>
  holdings?.length
    ? `; holds ${holdings.map((held) => `${figure(held.quantity)} ${held.symbol}`).join(", ")}`
    : "";

/** explain_strategy: the explanation itself, every section under its title. */
export function describeExplanation({ text }: { text: string }): string {
  return text;
}

interface KillSwitchOutput {
  halted: boolean;
  steps: { step: string; ok: boolean; detail: string }[];
}

/** kill_switch: halted or not, and each step's outcome; only a person lifts it. */
export function describeKillSwitch(result: KillSwitchOutput): string {
  return [
    result.halted
      ? "Trading is HALTED: nothing new passes the risk gate. Only a person lifts it: `alphadesk resume` in a terminal."
      : "The kill switch did not halt trading; see the steps below.",
    ...result.steps.map((step) => `- ${step.step}: ${step.ok ? "" : "FAILED, "}${step.detail}`),
  ].join("\n");
}

interface RegimeResult {
  key: string;
  name: string;
  days: number;
  totalReturn: number | null;
}

interface PerformanceContextOutput {
  name: string;
  period: { start: string; end: string };
  strategy: { metrics: { totalReturn: number; maxDrawdown: number; trades: number } };
  comparisons: string[];
  /** Older results lack it. */
  market?: { symbol: string; beta: number; correlation: number; returns: number } | null;
  regimes: { reference: string; splits: { label: string; results: RegimeResult[] }[] };
  complexity: { summary: string };
  notes: string[];
}

/**
 * performance_context: what the strategy made or lost first (it answers "why did it lose?" when
 * it did not), then each comparison in words, as the tool wrote it.
 */
export function describePerformanceContext(result: PerformanceContextOutput): string {
  const { totalReturn, maxDrawdown, trades } = result.strategy.metrics;
  const outcome =
    totalReturn > 0
      ? `made ${signed(totalReturn, 1)}`
      : totalReturn < 0
        ? `lost ${percent(-totalReturn, 1)}`
        : "was flat";
  return [
    `${result.name} ${outcome} from ${result.period.start.slice(0, 10)} to ${result.period.end.slice(0, 10)} (worst fall ${percent(maxDrawdown, 1)}, ${count(trades, "closed trade")}).`,
    ...result.comparisons.map((comparison) => `- ${comparison}`),
    ...(result.market
      ? [
          `With ${result.market.symbol}'s daily moves: beta ${fixed(result.market.beta)}, correlation ${fixed(result.market.correlation)}, over ${result.market.returns} days.`,
        ]
      : []),
    ...result.regimes.splits.map((split) => {
      const days = split.results[0]?.days ?? 0;
      // A regime the period never saw has no results, only zeros: said as such.
      return days === 0
        ? `No ${split.label.toLowerCase()} by ${result.regimes.reference} in the period.`
        : `${split.label} by ${result.regimes.reference}, ${days} days: ${split.results
            .map((row) => `${row.name} ${signed(row.totalReturn, 1)}`)
            .join(", ")}`;
    }),
    result.complexity.summary,
    ...result.notes,
  ].join("\n");
}
