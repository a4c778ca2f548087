import { z } from "zod";
import type { TurnResult } from "../../agent/run-turn.ts";
import { chartsForResult } from "../../tools/charts/charts-for-result.ts";
import { approvalCard } from "../../tools/orders/approval-card.ts";
import type { ChartRenderer } from "../../tools/ports/chart-renderer.ts";
import type {
  Approval,
  BatchWithIntents,
  OrderIntent,
  OrderStore,
} from "../../tools/ports/orders.ts";
import { DecisionButton, encodeDecisionValue } from "./decide.ts";
import { digestMessages } from "./digest-view.ts";
import { batchMessage } from "./rebalance-view.ts";
import { statusBlocks } from "./status-view.ts";
import {
  ButtonStyle,
  image,
  preformatted,
  table,
  text,
  type Block,
  type OutgoingMessage,
  type TableBlock,
} from "./message.ts";
import { resultFiles } from "./result-files.ts";
import { drawdownsTable } from "./drawdowns-table.ts";
import { seasonalityTable } from "./seasonality-table.ts";

/** An approval a turn waits on, as the database holds it. */
export interface WaitingApproval {
  approval: Approval;
  intent: OrderIntent;
}

/**
 * The approval rows behind a turn's `waitingFor`; an id the database holds no approval for (an
 * order batch's) is left out.
 */
export async function readWaitingApprovals(
  store: Pick<OrderStore, "requestApproval" | "requestIntent">,
  approvalIds: readonly string[],
): Promise<WaitingApproval[]> {
  const waiting: WaitingApproval[] = [];
  for (const id of approvalIds) {
    const approval = await store.requestApproval(id);
    const intent = approval && (await store.requestIntent(approval.intentId));
    if (approval && intent) waiting.push({ approval, intent });
  }
  return waiting;
}

export interface RenderTurnOptions {
  /** The approvals the turn waits on, read from the store (`readWaitingApprovals`). */
  waiting: readonly WaitingApproval[];
  /** The order batches the turn waits on, read from the store (`readWaitingBatches`). */
  batches?: readonly BatchWithIntents[];
  /** Draws charts; without it, a turn shows no images. */
  charts?: ChartRenderer;
}

/**
 * A turn as chat messages: first the reply with, for each tool result that has them, its
 * metrics table and chart images; then one message per waiting approval, its card built only
 * from the database rows, with Approve and Reject buttons naming the approval and its parameters
 * hash, and one per order batch waiting (a rebalance: one Approve for all its orders). Cards are
 * separate messages so an adapter can edit one in place once it is decided.
 */
export async function renderTurn(
  turn: TurnResult,
  options: RenderTurnOptions,
): Promise<OutgoingMessage[]> {
  const blocks: Block[] = [];
  if (turn.reply.trim()) blocks.push(text(turn.reply));
  for (const call of turn.toolCalls) {
    if (!call.ok) continue;
    const resultTable = tables[call.name]?.(call.output);
    if (resultTable) blocks.push(resultTable);
    if (call.name === "desk_status") blocks.push(...(statusBlocks(call.output) ?? []));
    if (call.name === "research_digest")
      blocks.push(...(digestMessages(call.output) ?? []).flatMap((message) => message.blocks));
    blocks.push(...resultFiles(call.name, call.output).map(({ block }) => block));
    if (options.charts) blocks.push(...(await chartBlocks(options.charts, call.name, call.output)));
  }
  const messages: OutgoingMessage[] = [];
  if (blocks.length > 0) messages.push({ blocks, summary: summaryOf(turn.reply, blocks) });
  for (const waiting of options.waiting) messages.push(approvalMessage(waiting));
  for (const batch of options.batches ?? []) messages.push(batchMessage(batch));
  return messages;
}

/**
 * An approval's card: the exact order from its rows (`approvalCard`), never model text, and while
 * it is pending, buttons whose value carries its id and parameters hash.
 */
export function approvalMessage({ approval, intent }: WaitingApproval): OutgoingMessage {
  const card = approvalCard(approval, intent, intent.live);
  const blocks: Block[] = [preformatted(card.join("\n"))];
  if (approval.state === "pending") {
    const value = encodeDecisionValue({
      approvalId: approval.id,
      paramsHash: approval.paramsHash,
    });
    blocks.push({
      kind: "buttons",
      buttons: [
        { id: DecisionButton.APPROVE, label: "Approve", style: ButtonStyle.PRIMARY, value },
        { id: DecisionButton.REJECT, label: "Reject", style: ButtonStyle.DANGER, value },
      ],
    });
  }
  return { blocks, summary: `${card[0]}: ${card[1]!.trim()} (${approval.state})` };
}

const Metrics = z.object({
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  totalReturn: z.number(),
  cagr: z.number().nullable(),
  sharpe: z.number().nullable(),
  /** Absent from results checkpointed before the table showed it. */
  volatility: z.number().nullable().optional(),
  maxDrawdown: z.number(),
  winRate: z.number().nullable(),
  trades: z.number(),
  exposure: z.number(),
});
type Metrics = z.output<typeof Metrics>;

/** The parts of a backtest_strategy result its table shows. */
const BacktestTabled = z.object({
  id: z.string(),
  /** Absent from results checkpointed before backtests gave their name. */
  name: z.string().optional(),
  metrics: Metrics,
  benchmarks: z.record(z.string(), z.object({ name: z.string(), metrics: Metrics }).optional()),
  variantOf: z.object({ metrics: Metrics.nullable() }).optional(),
});

const percent = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(1)}%`);
const fixed = (value: number | null) => (value === null ? "n/a" : value.toFixed(2));

const metricRows: [string, (metrics: Metrics) => string][] = [
  ["Total return", (m) => percent(m.totalReturn)],
  ["CAGR", (m) => percent(m.cagr)],
  ["Volatility", (m) => percent(m.volatility ?? null)],
  ["Sharpe", (m) => fixed(m.sharpe)],
  ["Max drawdown", (m) => percent(-m.maxDrawdown)],
  ["Win rate", (m) => percent(m.winRate)],
  ["Trades", (m) => String(m.trades)],
  ["Exposure", (m) => percent(m.exposure)],
];

/** A backtest's metrics, the strategy against each benchmark, as `alphadesk start` prints them. */
export function backtestTable(output: unknown): TableBlock | undefined {
  const parsed = BacktestTabled.safeParse(output);
  if (!parsed.success) return undefined;
  const { id, name, metrics, benchmarks, variantOf } = parsed.data;
  const columns: [string, Metrics][] = [["Strategy", metrics]];
  if (variantOf?.metrics) columns.push(["Before the changes", variantOf.metrics]);
  for (const benchmark of Object.values(benchmarks))
    if (benchmark) columns.push([benchmark.name, benchmark.metrics]);
  const period =
    metrics.startTime && metrics.endTime
      ? `, ${metrics.startTime.slice(0, 10)} to ${metrics.endTime.slice(0, 10)}`
      : "";
  return table(
    ["", ...columns.map(([name]) => name)],
    metricRows.map(([label, format]) => [label, ...columns.map(([, m]) => format(m))]),
    `Backtest ${id}${name ? ` of "${name}"` : ""}${period}`,
  );
}

/** The parts of a compare_backtests result its table shows. */
const ComparisonTabled = z.object({
  backtests: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      metrics: Metrics,
      commonSharpe: z.number().nullable(),
    }),
  ),
});

/** Backtests side by side, a column each, with their Sharpe ratios over the common period. */
export function comparisonTable(output: unknown): TableBlock | undefined {
  const parsed = ComparisonTabled.safeParse(output);
  if (!parsed.success) return undefined;
  const { backtests } = parsed.data;
  return table(
    ["", ...backtests.map(({ name, id }) => `${name} (${id.slice(0, 8)})`)],
    [
      ...metricRows.map(([label, format]) => [
        label,
        ...backtests.map(({ metrics }) => format(metrics)),
      ]),
      ["Sharpe, common period", ...backtests.map(({ commonSharpe }) => fixed(commonSharpe))],
    ],
    `${backtests.length} backtests compared`,
  );
}

/** The tables shown beside a tool's result, by tool. */
const tables: Record<string, (output: unknown) => TableBlock | undefined> = {
  backtest_strategy: backtestTable,
  compare_backtests: comparisonTable,
  seasonality: seasonalityTable,
  drawdowns: drawdownsTable,
};

async function chartBlocks(
  renderer: ChartRenderer,
  toolName: string,
  output: unknown,
): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const [index, chart] of chartsForResult(toolName, output).entries()) {
    try {
      const png = await renderer.renderPng(chart);
      const altText = chart.subtitle ? `${chart.title}. ${chart.subtitle}` : chart.title;
      blocks.push(image(png, altText, `${toolName}-${index + 1}-${chart.title}`));
    } catch (error) {
      blocks.push(
        text(`(The chart "${chart.title}" could not be drawn: ${(error as Error).message}.)`),
      );
    }
  }
  return blocks;
}

function summaryOf(reply: string, blocks: readonly Block[]): string {
  const line = reply.trim().split("\n")[0] ?? "";
  if (line) return line.length > 150 ? `${line.slice(0, 149)}…` : line;
  const caption = blocks.find((block) => block.kind === "table")?.caption;
  return caption ?? "Alphadesk";
}
