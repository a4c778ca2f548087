import { randomUUID } from "node:crypto";
import { runTurn, type TurnResult } from "../../agent/run-turn.ts";
import { TurnStops } from "../../agent/turn-stops.ts";
import { readWaitingBatches } from "../../bots/core/rebalance-view.ts";
import { approvalCard } from "../../tools/orders/approval-card.ts";
import { approvalView, batchView, orderView } from "../../tools/orders/order-views.ts";
import { agentFromRuntime } from "../agent.ts";
import { readConfig } from "../config.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { batchCardText } from "./batch-decision.ts";
import { stoppableTurn } from "./interrupt.ts";
import { terminalAlerts } from "../terminal-alerts.ts";
import { turnAsText, writeTurnFiles } from "./terminal-turn.ts";
import { turnTextCharts } from "./text-chart.ts";

/**
 * `alphadesk ask "<message>" [--json] [--thread id]`: one agent turn, non-interactive. An order
 * it proposes waits for `alphadesk approve`; `--json` prints
 * `{threadId, reply, toolCalls:[{name,input,ok,output}], approvals:[...], batches:[...], alerts:[...]}`,
 * each approval and rebalance batch the turn waits on with its card, and the price alerts fired
 * since the terminal last showed one (printed before the reply without `--json`).
 */
export async function askCommand(
  message: string,
  options: { json?: boolean; thread?: string },
): Promise<number> {
  const runtime = await openRuntime(readConfig());
  try {
    const stops = new TurnStops();
    const agent = agentFromRuntime(runtime, { stops });
    const threadId = options.thread ?? `ask-${randomUUID()}`;
    const alerts = await terminalAlerts(runtime);
    const { result: turn, stopped } = await stoppableTurn(stops, threadId, () =>
      runTurn(agent, threadId, message, "cli"),
    );
    const approvals = await approvalsOf(runtime, turn);
    const batches = await readWaitingBatches(runtime.store, turn.waitingFor);
    if (options.json) {
      const batchViews = batches.map((batch) => ({
        ...batchView(batch),
        card: batchCardText(batch).split("\n"),
      }));
      process.stdout.write(
        `${JSON.stringify({ ...turn, approvals, batches: batchViews, alerts }, null, 2)}\n`,
      );
    } else {
      for (const alert of alerts) process.stdout.write(`${alert}\n\n`);
      process.stdout.write(`${await turnAsText(turn)}\n`);
      for (const chart of turnTextCharts(turn.toolCalls)) process.stdout.write(`\n${chart}\n`);
      for (const line of await writeTurnFiles(runtime.config.ALPHADESK_HOME, turn))
        process.stdout.write(`${line}\n`);
      for (const approval of approvals)
        process.stdout.write(
          `\n${approval.card.join("\n")}\nApprove it with: npx alphadesk approve ${approval.id}\n`,
        );
      for (const batch of batches)
        process.stdout.write(
          `\n${batchCardText(batch)}\nApprove them with: npx alphadesk approve ${batch.batch.id}\n`,
        );
    }
    // 130: interrupted, as a shell reports a Ctrl-C.
    if (stopped) return 130;
    return turn.toolCalls.every((call) => call.ok) ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

/** The approvals a turn waits on, as the database has them, each with its card. */
export async function approvalsOf(runtime: Runtime, turn: TurnResult) {
  const live = runtime.execution?.broker.live ?? false;
  const shown = [];
  for (const id of turn.waitingFor) {
    const approval = await runtime.store.requestApproval(id);
    const intent = approval && (await runtime.store.requestIntent(approval.intentId));
    if (!approval || !intent) continue;
    shown.push({
      ...approvalView(approval),
      order: orderView(intent),
      card: approvalCard(approval, intent, live),
    });
  }
  return shown;
}
