import Table from "cli-table3";
import { strategyStatus } from "../../tools/lifecycle/strategy-status.ts";
import { runTool } from "../../tools/run-tool.ts";
import { readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";

type StatusResult = Awaited<ReturnType<typeof strategyStatus.run>>;

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? "n/a" : `${(value * 100).toFixed(2)}%`;
const money = (value: number | null | undefined) =>
  value === null || value === undefined ? "n/a" : value.toFixed(2);

/**
 * `alphadesk status`: the terminal's status view: trading state, orders waiting for a human or
 * at the broker, and every strategy past backtest with its stage, days in it, P&L and gap to
 * its backtest (`strategy_status`).
 */
export async function statusCommand(options: { json?: boolean }): Promise<number> {
  const runtime = await openRuntime(readConfig());
  const context = runtime.contextFor("status");
  try {
    const [account, pending, open, strategies] = await Promise.all([
      runtime.store.requestControls("account"),
      runtime.store.listApprovals({ state: "pending", limit: 500 }),
      runtime.store.listIntents({
        states: ["approved", "submitting", "unknown", "submitted", "partially_filled"],
        limit: 500,
      }),
      runTool(strategyStatus, {}, context) as Promise<StatusResult>,
    ]);
    const halted = await runtime.execution?.halt.read();
    const summary = {
      trading: halted ? "halted" : account.state,
      reason: halted?.reason ?? account.reason,
      broker: runtime.execution?.broker.name ?? null,
      pendingApprovals: pending.length,
      openOrders: open.length,
      strategies: strategies.strategies,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    }
    const out = (line = "") => process.stdout.write(`${line}\n`);
    out(
      `Trading ${summary.trading}${summary.reason ? ` (${summary.reason})` : ""} on ${summary.broker ?? "no broker"}; ${summary.pendingApprovals} approval(s) pending, ${summary.openOrders} order(s) on their way or open.`,
    );
    if (summary.strategies.length === 0) {
      out("No strategy promoted past backtest yet (promote_strategy).");
      return 0;
    }
    const table = new Table({
      head: [
        "strategy",
        "stage",
        "days",
        "state",
        "trades",
        "P&L",
        "vs backtest",
        "tracking error",
      ],
      style: { head: [], border: [] },
    });
    for (const s of summary.strategies)
      table.push([
        s.name,
        s.stage,
        String(s.daysInStage),
        s.state,
        String(s.trades),
        money(s.pnl),
        percent(s.gapToBacktest),
        s.note ? `n/a (${s.note.slice(0, 40)}…)` : percent(s.trackingError),
      ]);
    out(table.toString());
    return 0;
  } finally {
    context.done();
    await runtime.close();
  }
}
