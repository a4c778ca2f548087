import { createInterface } from "node:readline/promises";
import { approvalCard } from "../../tools/orders/approval-card.ts";
import { cancelOrder } from "../../tools/orders/cancel-order.ts";
import { engageKillSwitch } from "../../tools/orders/kill-switch.ts";
import { orderView } from "../../tools/orders/order-views.ts";
import { outsideHoldings, Reconciler } from "../../tools/orders/reconciler.ts";
import { withTimeout } from "../../tools/orders/with-timeout.ts";
import type { Approval } from "../../tools/ports/orders.ts";
import { describeCancellation } from "../../tools/replies/orders.ts";
import { asAlphadeskError, runTool } from "../../tools/run-tool.ts";
import { readConfig } from "../config.ts";
import { batchCardText, decideBatch, pendingBatches } from "./batch-decision.ts";
import { haltFlagFromConfig, brokerFromConfig } from "../execution.ts";
import { openRuntime, type Runtime } from "../runtime.ts";

/** The terminal's approver id: it must be listed in APPROVERS to decide. */
const terminalActor = "cli";

/** `alphadesk approvals [--all] [--json]`: pending approvals as cards (newest first). */
export async function approvalsCommand(options: { all?: boolean; json?: boolean }) {
  const runtime = await openRuntime(readConfig());
  try {
    await runtime.store.expireOverdue(Date.now());
    const approvals = await runtime.store.listApprovals({
      ...(options.all ? {} : { state: "pending" as const }),
      limit: 100,
    });
    const live = runtime.execution?.broker.live ?? false;
    for (const approval of approvals) {
      const intent = (await runtime.store.requestIntent(approval.intentId))!;
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ approval, order: orderView(intent) })}\n`
          : `${approvalCard(approval, intent, live).join("\n")}\n\n`,
      );
    }
    // Rebalances wait as order batches: one decision for all their orders.
    const batches = await pendingBatches(runtime);
    for (const batch of batches)
      process.stdout.write(
        options.json ? `${JSON.stringify(batch)}\n` : `${batchCardText(batch)}\n\n`,
      );
    if (approvals.length + batches.length === 0 && !options.json)
      process.stderr.write(options.all ? "no approvals yet\n" : "no approval is pending\n");
    return 0;
  } finally {
    await runtime.close();
  }
}

/**
 * `alphadesk approve <id>` / `reject <id>`: shows the card from the database, asks for
 * confirmation (unless --yes), records the decision exactly once and, when approved, sends the
 * order through the executor (risk re-checked with fresh prices) and prints where it ended.
 */
export async function decideCommand(
  id: string,
  approve: boolean,
  options: { yes?: boolean },
): Promise<number> {
  const config = readConfig();
  const runtime = await openRuntime(config);
  try {
    const approval = await findApproval(runtime, id);
    const batch = approval ? undefined : await runtime.store.requestBatch(id);
    if (batch) {
      process.stdout.write(`${batchCardText(batch)}\n`);
      if (!batch.batch.approvers.includes(terminalActor))
        return fail(`the terminal may not decide: "cli" is not among this batch's approvers`);
      const verb = approve ? "Approve" : "Reject";
      if (
        !options.yes &&
        !(await confirm(`${verb} these ${batch.intents.length} orders? [y/N] `))
      ) {
        process.stderr.write("nothing decided\n");
        return 1;
      }
      return await decideBatch(runtime, batch, approve, terminalActor);
    }
    if (!approval) return fail(`no approval ${id}: \`alphadesk approvals\` lists the pending ones`);
    const intent = (await runtime.store.requestIntent(approval.intentId))!;
    const live = runtime.execution?.broker.live ?? false;
    process.stdout.write(`${approvalCard(approval, intent, live).join("\n")}\n`);
    if (!config.APPROVERS.includes(terminalActor))
      return fail(
        `the terminal may not decide: add "cli" to APPROVERS (now ${config.APPROVERS.join(", ")})`,
      );
    const verb = approve ? "Approve" : "Reject";
    if (!options.yes && !(await confirm(`${verb} this order? [y/N] `))) {
      process.stderr.write("nothing decided\n");
      return 1;
    }
    const decided = await runtime.store.decideApproval({
      approvalId: approval.id,
      approve,
      actor: terminalActor,
      paramsHash: approval.paramsHash,
    });
    if (!decided.ok) return fail(`${decided.message} (${decided.reason})`);
    if (!approve) {
      process.stdout.write(`rejected: order ${decided.intent.id} will not be sent\n`);
      return 0;
    }
    process.stdout.write(`approved by ${terminalActor}; sending to ${intent.broker}\n`);
    const executor = await runtime.orderFlow();
    const pass = await executor.runOnce();
    await executor.settled();
    const after = (await runtime.store.requestIntent(intent.id))!;
    if (pass.blocked) process.stdout.write(`not sent yet: ${pass.blocked}\n`);
    process.stdout.write(`${describeOutcome(orderView(after))}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}

function describeOutcome(order: ReturnType<typeof orderView>): string {
  const fills =
    order.filledQuantity > 0 ? `, ${order.filledQuantity} filled at ${order.averageFillPrice}` : "";
  const waiting =
    order.state === "approved" && order.queuedUntil
      ? ` (queued: the market opens at ${order.queuedUntil}; a running \`alphadesk worker\`, \`serve\` or \`chat\` sends it, or \`alphadesk orders --send\`)`
      : "";
  const why = order.rejectReason ? ` (${order.rejectReason})` : "";
  return `order ${order.clientOrderId} ${order.state}${fills}${why}${waiting}`;
}

/** An approval by its id, or by the unique prefix of it a card shows. */
async function findApproval(runtime: Runtime, id: string): Promise<Approval | undefined> {
  const exact = await runtime.store.requestApproval(id);
  if (exact || id.length < 6) return exact;
  const matches = (await runtime.store.listApprovals({ limit: 1000 })).filter((approval) =>
    approval.id.startsWith(id.toLowerCase()),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stderr.write("no terminal to ask: pass --yes to decide without a prompt\n");
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

/**
 * `alphadesk cancel <order id>`: one order cancelled as the terminal (`cancel_order`): rejected
 * while it waits for approval, withdrawn before it is sent, or cancelled at the broker.
 */
export async function cancelCommand(id: string): Promise<number> {
  const runtime = await openRuntime(readConfig());
  const context = runtime.contextFor("cancel_order");
  try {
    const result = await runTool(cancelOrder, { orderId: id }, context);
    process.stdout.write(`${describeCancellation(result as never)}\n`);
    return 0;
  } catch (error) {
    return fail(asAlphadeskError(error).message);
  } finally {
    context.done();
    await runtime.close();
  }
}

/** How long `kill` waits for the database before halting without it. */
const databaseWaitMs = 5_000;

/**
 * `alphadesk kill [reason]`: the kill switch from a terminal. It needs neither the model nor
 * Redis nor a chat platform, and goes on without the database when that does not open in time:
 * the halt file stops every submission and the broker's open orders are cancelled regardless.
 */
export async function killCommand(reasonWords: string[]): Promise<number> {
  const config = readConfig();
  const reason = reasonWords.join(" ").trim() || "kill switch from the terminal";
  const runtime = await withTimeout(openRuntime(config), databaseWaitMs).catch((error: unknown) => {
    process.stderr.write(
      `database unavailable (${(error as Error).message}): halting without it\n`,
    );
    return undefined;
  });
  try {
    const broker = runtime?.execution?.broker ?? (await brokerFromConfig(config, undefined)).broker;
    const steps = await engageKillSwitch({
      halt: haltFlagFromConfig(config),
      broker,
      store: runtime?.store,
      actor: terminalActor,
      reason,
      nowMs: Date.now(),
    });
    for (const step of steps)
      process.stdout.write(`${step.ok ? "ok    " : "FAILED"} ${step.step}: ${step.detail}\n`);
    const halted = steps.some((step) => step.ok && step.step !== "broker");
    process.stdout.write(halted ? "trading halted\n" : "COULD NOT HALT: see above\n");
    return halted && steps.every((step) => step.ok) ? 0 : 1;
  } finally {
    await runtime?.close();
  }
}

/** `alphadesk orders [--send] [--json]`: recent orders; `--send` first runs one executor pass. */
export async function ordersCommand(options: { send?: boolean; json?: boolean }) {
  const runtime = await openRuntime(readConfig());
  try {
    if (options.send) {
      const executor = await runtime.orderFlow();
      const pass = await executor.runOnce();
      await executor.settled();
      process.stderr.write(
        pass.blocked
          ? `nothing sent: ${pass.blocked}\n`
          : `sent ${pass.submitted}, resolved ${pass.resolved}, waiting ${pass.waiting}, cancelled ${pass.cancelled}\n`,
      );
    }
    await runtime.store.expireOverdue(Date.now());
    const orders = (await runtime.store.listIntents({ limit: 50 })).map(orderView);
    for (const order of orders)
      process.stdout.write(`${options.json ? JSON.stringify(order) : describeOutcome(order)}\n`);
    if (orders.length === 0 && !options.json) process.stderr.write("no orders yet\n");
    return 0;
  } finally {
    await runtime.close();
  }
}

/**
 * `alphadesk reconcile [--accept]`: compares the broker's positions with what Alphadesk expects
 * (report only: the running executor halts on a confirmed mismatch). `--accept` takes the
 * broker's positions as they are: the difference becomes the baseline of outside holdings.
 */
export async function reconcileCommand(options: { accept?: boolean; yes?: boolean }) {
  const runtime = await openRuntime(readConfig());
  try {
    const execution = runtime.execution;
    if (!execution) return fail("no broker is configured");
    const { broker } = execution;
    if (options.accept) {
      if (!options.yes && !(await confirm(`Accept ${broker.name}'s positions as they are? [y/N] `)))
        return 1;
      const [positions, own] = await Promise.all([
        broker.positions(),
        runtime.store.netFilled(broker.name),
      ]);
      const holdings = outsideHoldings(positions, own);
      await runtime.store.saveReconciliationBaseline(broker.name, holdings, terminalActor);
      process.stdout.write(
        `baseline taken: ${holdings.length ? holdings.map((h) => `${h.quantity} ${h.symbol}`).join(", ") : "no outside holdings"}\n`,
      );
      return 0;
    }
    const reconciler = new Reconciler({
      store: runtime.store,
      execution,
      log: silentLog,
      confirmations: Number.POSITIVE_INFINITY,
    });
    const report = await reconciler.check();
    if (report.baselineTaken)
      process.stdout.write("first check: baseline of outside holdings taken\n");
    for (const mismatch of report.mismatches)
      process.stdout.write(
        `MISMATCH ${mismatch.symbol}: ${broker.name} holds ${mismatch.broker}, Alphadesk expects ${mismatch.expected}\n`,
      );
    process.stdout.write(report.ok ? `positions agree with ${broker.name}\n` : "");
    return report.ok ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

/** `alphadesk resume`: a human lifts the halt (the file and the account's state). */
export async function resumeCommand(options: { yes?: boolean }): Promise<number> {
  const config = readConfig();
  const halt = haltFlagFromConfig(config);
  const runtime = await openRuntime(config);
  try {
    const flag = await halt.read();
    const controls = await runtime.store.requestControls("account");
    if (!flag && controls.state === "active") {
      process.stdout.write("trading is not halted\n");
      return 0;
    }
    const why = flag?.reason ?? controls.reason ?? "no reason given";
    process.stdout.write(`halted: ${why}\n`);
    if (!options.yes && !(await confirm("Resume trading? [y/N] "))) return 1;
    await runtime.store.setControls(
      "account",
      { state: "active", reason: "resumed" },
      terminalActor,
    );
    await halt.clear();
    process.stdout.write("trading resumed: new orders pass the risk gate again\n");
    return 0;
  } finally {
    await runtime.close();
  }
}
