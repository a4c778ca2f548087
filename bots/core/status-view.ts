import { z } from "zod";
import { accountLines, limitsLine } from "../../tools/replies/desk.ts";
import { deskStatus } from "../../tools/status/desk-status.ts";
import { table, text, type Block } from "./message.ts";

type DeskStatus = z.output<typeof deskStatus.output>;

const percent = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)}%`);
const money = (value: number | null) => (value === null ? "n/a" : value.toFixed(2));
const correlation = (value: number | null) => (value === null ? "n/a" : value.toFixed(2));

/**
 * The status view every face shows (`desk_status`): a line on trading, approvals and orders;
 * the strategies by stage with days deployed, P&L, gap to backtest and correlation with the
 * rest of the portfolio; and the jobs running now with their progress. Undefined for any other
 * output.
 */
export function statusBlocks(output: unknown): Block[] | undefined {
  const parsed = deskStatus.output.safeParse(output);
  if (!parsed.success) return undefined;
  const status: DeskStatus = parsed.data;
  const { trading } = status;
  const blocks: Block[] = [
    text(
      `Trading **${trading.state}**${trading.reason ? ` (${trading.reason})` : ""} on ${trading.broker ?? "no broker"}; ${status.approvalsPending} approval(s)${status.batchesPending > 0 ? ` and ${status.batchesPending} rebalance batch(es)` : ""} waiting, ${status.openOrders} order(s) on their way or open.`,
    ),
  ];
  if (status.riskLimits) blocks.push(text(limitsLine(status.riskLimits)));
  for (const line of accountLines(status)) blocks.push(text(line));
  if (status.strategies.length === 0)
    blocks.push(text("No strategy promoted past backtest yet (promote_strategy)."));
  else
    blocks.push(
      table(
        ["Strategy", "Stage", "Days", "State", "Trades", "P&L", "vs backtest", "Corr. to rest"],
        [...status.strategies]
          .sort((a, b) => stageOrder.indexOf(b.stage) - stageOrder.indexOf(a.stage))
          .map((row) => [
            row.name,
            row.stage,
            String(row.daysInStage),
            row.state,
            String(row.trades),
            money(row.pnl),
            row.note ? "n/a" : percent(row.gapToBacktest),
            correlation(row.correlationToPortfolio),
          ]),
        `Strategies as of ${status.asOf.slice(0, 16).replace("T", " ")} UTC`,
      ),
    );
  const notes = status.strategies.filter((row) => row.note);
  if (notes.length > 0)
    blocks.push(text(notes.map((row) => `- ${row.name}: ${row.note}`).join("\n")));
  if (status.jobs.length > 0)
    blocks.push(
      table(
        ["Job", "State", "Progress", "Doing"],
        status.jobs.map((job) => [
          `${job.name} #${job.id}`,
          job.state,
          job.progress === null ? "-" : `${Math.round(job.progress * 100)}%`,
          job.message ?? "",
        ]),
        "Running jobs",
      ),
    );
  if (status.research.failing.length > 0)
    blocks.push(
      text(
        status.research.failing
          .map(
            (source) =>
              `- research source ${source.name}: ${source.consecutiveFailures} failed read(s) in a row (${source.lastError})`,
          )
          .join("\n"),
      ),
    );
  return blocks;
}

const stageOrder = ["backtest", "paper", "small_live", "full_live"];
