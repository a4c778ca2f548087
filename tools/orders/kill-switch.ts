import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { AuditAction } from "../ports/audit.ts";
import type { Broker } from "../ports/broker.ts";
import type { HaltFlag } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";
import { requireExecution } from "./require-execution.ts";
import { withTimeout } from "./with-timeout.ts";

export interface KillSwitchStep {
  step: "halt_flag" | "database" | "broker";
  ok: boolean;
  detail: string;
}

/** How long one step may take before the switch moves on: a dead service must not stall it. */
const stepTimeoutMs = 10_000;

/**
 * Halts all order flow, each step on its own so one dead service stops none of the others:
 * the halt file (checked before every submission, needs no database), the account's trading
 * state with its audit row and the cancellation of approved orders not yet sent (database),
 * and every open order at the broker. `store` is absent when the database could not be opened.
 */
export async function engageKillSwitch(parts: {
  halt: HaltFlag;
  broker: Broker | undefined;
  store: Store | undefined;
  actor: string;
  reason: string;
  nowMs: number;
}): Promise<KillSwitchStep[]> {
  const { actor, reason } = parts;
  // The flag first: from then on no executor sends, and one that was mid-request cancels what
  // it sent; then the database and the broker, each on its own.
  const flag = await attempt("halt_flag", async () => {
    await parts.halt.raise({ actor, reason, atMs: parts.nowMs });
    return "raised: no order is submitted from any process on this data directory";
  });
  const steps = await Promise.all([
    attempt("database", async () => {
      const unhalted =
        "the account was not halted in the database; the halt file still stops submissions";
      if (!parts.store) throw new Error(`the database could not be opened: ${unhalted}`);
      try {
        return await haltInStore(parts.store, actor, reason);
      } catch (error) {
        throw new Error(`${(error as Error).message}: ${unhalted}`, { cause: error });
      }
    }),
    attempt("broker", async () => {
      if (!parts.broker) throw new Error("no broker is connected");
      await parts.broker.cancelAll();
      return `every open order at ${parts.broker.name} was cancelled`;
    }),
  ]);
  return [flag, ...steps];
}

async function haltInStore(store: Store, actor: string, reason: string): Promise<string> {
  await store.setControls("account", { state: "halted", reason }, actor);
  const waiting = await store.listIntents({ states: ["approved"], limit: 10_000 });
  let cancelled = 0;
  for (const intent of waiting) {
    const moved = await store.moveIntent(
      intent.id,
      ["approved"],
      "cancelled",
      { rejectReason: `kill switch: ${reason}`, settleOutbox: true },
      { actor, action: AuditAction.killSwitch, details: { reason } },
    );
    if (moved) cancelled++;
  }
  return `account halted; ${cancelled} approved order(s) not yet sent were cancelled`;
}

async function attempt(
  step: KillSwitchStep["step"],
  work: () => Promise<string>,
): Promise<KillSwitchStep> {
  try {
    return { step, ok: true, detail: await withTimeout(work(), stepTimeoutMs) };
  } catch (error) {
    return { step, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

export const killSwitch = defineTool({
  name: "kill_switch",
  summary:
    "Halt all trading: nothing new passes, approved orders not yet sent are cancelled, open orders at the broker cancelled.",
  description:
    "Halt all trading at once: no new order passes the risk gate, approved orders not yet sent are cancelled, and every open order at the broker is cancelled. Only a human can resume (`alphadesk resume`). Use it when something looks wrong.",
  input: z
    .object({
      reason: z.string().trim().min(1).max(500).describe("Why: shown to whoever resumes."),
    })
    .strict(),
  output: z.object({
    halted: z.boolean().describe("True when at least the halt flag or the database took the halt."),
    steps: z.array(
      z.object({
        step: z.enum(["halt_flag", "database", "broker"]),
        ok: z.boolean(),
        detail: z.string(),
      }),
    ),
  }),
  effect: "write",
  idempotent: true,
  openWorld: true,
  async run(input, context) {
    const execution = requireExecution(context);
    const steps = await engageKillSwitch({
      halt: execution.halt,
      broker: execution.broker,
      store: context.store,
      actor: context.actor,
      reason: input.reason,
      nowMs: context.clock.nowMs(),
    });
    const halted = steps.some((step) => step.ok && step.step !== "broker");
    return { halted, steps };
  },
});
