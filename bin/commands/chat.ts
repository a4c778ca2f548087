import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { resumeTurn, runTurn, type TurnResult } from "../../agent/run-turn.ts";
import type { Agent } from "../../agent/graph.ts";
import { TurnStops } from "../../agent/turn-stops.ts";
import { readWaitingBatches } from "../../bots/core/rebalance-view.ts";
import { agentFromRuntime, brainFromConfig } from "../agent.ts";
import { readConfig } from "../config.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { approvalsOf } from "./ask.ts";
import { batchCardText, decideBatch } from "./batch-decision.ts";
import { stoppableTurn } from "./interrupt.ts";
import { terminalAlerts } from "../terminal-alerts.ts";
import { turnAsText, writeTurnFiles } from "./terminal-turn.ts";
import { turnTextCharts } from "./text-chart.ts";

/** The terminal's identity: it decides approvals only when APPROVERS lists "cli". */
const actor = "cli";

/**
 * `alphadesk chat`: a conversation in the terminal. Tool progress shows on stderr, charts are
 * saved as PNG files, and an order waits for a y/n answer (the terminal's click) before the
 * executor sends it. `--thread` continues an earlier conversation (threads are stored).
 */
export async function chatCommand(options: { thread?: string }): Promise<number> {
  const config = readConfig();
  const runtime = await openRuntime(config);
  const prompt = lineReader();
  try {
    if (runtime.execution) await runtime.orderFlow({ drive: true });
    const brain = brainFromConfig(config);
    const stops = new TurnStops();
    const agent = agentFromRuntime(runtime, { brain, stops });
    const threadId = options.thread ?? `terminal-${randomUUID()}`;
    const stoppable = async (turn: () => Promise<TurnResult>) =>
      (await stoppableTurn(stops, threadId, turn)).result;
    process.stdout.write(
      `Alphadesk (${brain.name}; thread ${threadId}). Ask for a backtest, a scan, quotes, an order... "help" shows examples, Ctrl-C stops a long answer, "quit" ends.\n`,
    );
    for (;;) {
      for (const alert of await terminalAlerts(runtime)) process.stdout.write(`\n${alert}\n`);
      const read = await prompt.question("\nyou> ");
      if (read === undefined) break; // stdin closed
      const line = read.trim();
      if (line === "") continue;
      if (/^(quit|exit|bye)$/i.test(line)) break;
      let turn = await stoppable(() => runTurn(agent, threadId, line, actor));
      await show(runtime, turn);
      while (turn.waitingFor.length > 0) {
        if (!(await decide(runtime, turn, prompt))) break;
        turn = await stoppable(() => resumeTurn(agent, threadId));
        await show(runtime, turn);
      }
    }
    return 0;
  } finally {
    prompt.close();
    await runtime.close();
  }
}

async function show(runtime: Runtime, turn: TurnResult): Promise<void> {
  const text = await turnAsText(turn);
  if (text) process.stdout.write(`\nalphadesk> ${text}\n`);
  for (const chart of turnTextCharts(turn.toolCalls)) process.stdout.write(`\n${chart}\n`);
  for (const line of await writeTurnFiles(runtime.config.ALPHADESK_HOME, turn))
    process.stdout.write(`${line}\n`);
}

/**
 * Shows each waiting approval's and order batch's card and records the terminal's y/n; false
 * when none was decided.
 */
async function decide(runtime: Runtime, turn: TurnResult, prompt: LineReader): Promise<boolean> {
  const approvals = await approvalsOf(runtime, turn);
  let decided = false;
  for (const approval of approvals) {
    process.stdout.write(`\n${approval.card.join("\n")}\n`);
    if (!runtime.config.APPROVERS.includes(actor)) {
      process.stdout.write(
        `The terminal may not approve (APPROVERS: ${runtime.config.APPROVERS.join(", ")}); the order waits for them.\n`,
      );
      continue;
    }
    const answer = ((await prompt.question("Approve this order? [y/N] ")) ?? "").trim();
    const result = await runtime.store.decideApproval({
      approvalId: approval.id,
      approve: /^y(es)?$/i.test(answer),
      actor,
      paramsHash: approval.paramsHash,
    });
    if (!result.ok) process.stdout.write(`${result.message}\n`);
    else {
      decided = true;
      if (result.approval.state === "approved") {
        const executor = await runtime.orderFlow({ drive: true });
        await executor.runOnce();
        await executor.settled();
      }
    }
  }
  for (const batch of await readWaitingBatches(runtime.store, turn.waitingFor)) {
    process.stdout.write(`\n${batchCardText(batch)}\n`);
    if (!batch.batch.approvers.includes(actor)) {
      process.stdout.write(
        `The terminal may not approve (this batch's approvers: ${batch.batch.approvers.join(", ")}); its orders wait for them.\n`,
      );
      continue;
    }
    const question = `Approve these ${batch.intents.length} orders? [y/N] `;
    const answer = ((await prompt.question(question)) ?? "").trim();
    // decideBatch prints the refusal, or each order's end once the executor sent them.
    if ((await decideBatch(runtime, batch, /^y(es)?$/i.test(answer), actor)) === 0) decided = true;
  }
  return decided;
}

export type { Agent };

interface LineReader {
  /** The next line typed (or piped) after showing `text`; undefined once input ends. */
  question(text: string): Promise<string | undefined>;
  close(): void;
}

/**
 * Lines from stdin, buffered: lines that arrive while a turn runs wait for the next question
 * (readline's own question() drops them), so piped input works as typed input does.
 */
function lineReader(): LineReader {
  const lines = createInterface({ input: process.stdin, terminal: false });
  const iterator = lines[Symbol.asyncIterator]();
  return {
    async question(text) {
      process.stdout.write(text);
      const next = await iterator.next();
      return next.done ? undefined : next.value;
    },
    close: () => lines.close(),
  };
}
