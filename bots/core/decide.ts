import type { Clock } from "../../tools/ports/clock.ts";
import type {
  Approval,
  BatchWithIntents,
  OrderBatchStore,
  OrderIntent,
  OrderStore,
} from "../../tools/ports/orders.ts";
import { actorId, type ApproverList } from "./approvers.ts";
import { isPlatform, type Platform } from "./message.ts";

/** The ids of the two buttons on an approval card, and on an order batch's (a rebalance). */
export const DecisionButton = {
  APPROVE: "approval:approve",
  REJECT: "approval:reject",
  BATCH_APPROVE: "batch:approve",
  BATCH_REJECT: "batch:reject",
} as const;
export type DecisionButton = (typeof DecisionButton)[keyof typeof DecisionButton];

/** What a card's button names: the approval, and the hash of the parameters the card showed. */
export interface DecisionTarget {
  approvalId: string;
  paramsHash: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hashPattern = /^[0-9a-f]{64}$/;

/**
 * The button value: the approval id's 16 bytes and the hash's 32, base64url, 64 characters. Short
 * enough that `buttonId:value` fits Discord's 100-character custom_id, which has no separate value.
 */
export function encodeDecisionValue(target: DecisionTarget): string {
  if (!uuidPattern.test(target.approvalId))
    throw new Error(`not an approval id: ${target.approvalId}`);
  if (!hashPattern.test(target.paramsHash))
    throw new Error(`not a parameters hash: ${target.paramsHash}`);
  const bytes = Buffer.from(target.approvalId.replaceAll("-", "") + target.paramsHash, "hex");
  return bytes.toString("base64url");
}

export function decodeDecisionValue(
  value: string,
): { ok: true; target: DecisionTarget } | { ok: false; message: string } {
  if (!/^[A-Za-z0-9_-]{64}$/.test(value))
    return { ok: false, message: "this button's value is not an approval reference" };
  const hex = Buffer.from(value, "base64url").toString("hex");
  const id = hex.slice(0, 32);
  return {
    ok: true,
    target: {
      approvalId: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
      paramsHash: hex.slice(32),
    },
  };
}

export interface DecisionClick extends DecisionTarget {
  platform: Platform;
  userId: string;
  approve: boolean;
  /** `approvalId` names an order batch: the click decides all its orders at once. */
  batch?: boolean;
}

export const RefusalReason = {
  MALFORMED: "malformed",
  NOT_ALLOWED: "not_allowed",
  NOT_FOUND: "not_found",
  ALREADY_DECIDED: "already_decided",
  EXPIRED: "expired",
  CHANGED: "changed",
  UNAVAILABLE: "unavailable",
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

interface OutcomeBase {
  /** What to tell people, in plain words. */
  text: string;
  /** `thread`: post it where the card is; `clicker`: only the person who clicked sees it. */
  audience: "thread" | "clicker";
  /** The executor has an approved order to send: call `execution.wake()`. */
  wakeExecutor: boolean;
  /**
   * This click settled the approval or batch (approved, rejected, or found expired): resume the
   * agent thread that waits on it, once everything that thread waits on is settled.
   */
  resumeThread: boolean;
}

export type DecisionOutcome =
  | (OutcomeBase & {
      status: "approved" | "rejected";
      actor: string;
      approval: Approval;
      intent: OrderIntent;
    })
  | (OutcomeBase & {
      status: "batch_approved" | "batch_rejected";
      actor: string;
      decided: BatchWithIntents;
    })
  | (OutcomeBase & { status: "refused"; reason: RefusalReason });

export interface DecideDependencies {
  store: Pick<OrderStore & OrderBatchStore, "decideApproval" | "decideBatch">;
  approvers: ApproverList;
  clock: Clock;
}

/**
 * A click on an approval card's button: checks the allow-list, then records the decision as the
 * database's single-use transition for exactly the parameters the card showed, acting as the
 * platform-qualified id (`slack:U123`). Returns what to tell people and what to do next; never
 * throws, and a refusal changes nothing.
 */
export async function decideClick(
  dependencies: DecideDependencies,
  click: DecisionClick,
): Promise<DecisionOutcome> {
  const malformed = clickProblem(click);
  if (malformed) return refused(RefusalReason.MALFORMED, malformed);
  const actor = actorId(click.platform, click.userId);
  if (!dependencies.approvers.mayApprove(click.platform, click.userId))
    return refused(
      RefusalReason.NOT_ALLOWED,
      `You (${actor}) are not on the approver list, so your click changed nothing; the order waits for an approver.`,
    );
  const what = click.batch ? "batch" : "approval";
  const decision = {
    approve: click.approve,
    actor,
    paramsHash: click.paramsHash,
    nowMs: dependencies.clock.nowMs(),
  };
  let result;
  try {
    result = click.batch
      ? await dependencies.store.decideBatch({ batchId: click.approvalId, ...decision })
      : await dependencies.store.decideApproval({ approvalId: click.approvalId, ...decision });
  } catch (error) {
    return refused(
      RefusalReason.UNAVAILABLE,
      `The decision could not be recorded (${(error as Error).message}). Try again: if it did take, the card will say it was already decided.`,
    );
  }
  if (!result.ok) {
    switch (result.reason) {
      case "not_found":
        return refused(RefusalReason.NOT_FOUND, `There is no ${what} ${click.approvalId}.`);
      case "not_pending":
        return refused(RefusalReason.ALREADY_DECIDED, `Nothing changed: ${result.message}.`);
      case "expired":
        return {
          ...refused(
            RefusalReason.EXPIRED,
            `${click.batch ? "Batch" : "Approval"} ${click.approvalId} expired before your click; ${click.batch ? "its orders" : "the order"} will not be sent. Ask again for a new one.`,
          ),
          audience: "thread",
          resumeThread: true,
        };
      case "not_allowed":
        return refused(
          RefusalReason.NOT_ALLOWED,
          `You (${actor}) were not among this ${what}'s approvers when it was proposed, so your click changed nothing.`,
        );
      case "changed":
        return refused(
          RefusalReason.CHANGED,
          `Refused: this button names other order parameters than ${what} ${click.approvalId} holds, so nothing was decided. Decide on the card the bot posted.`,
        );
    }
  }
  if ("batch" in result) return batchDecided(actor, click.approve, result);
  const { approval, intent } = result;
  const order = `${intent.side.toUpperCase()} ${intent.quantity} ${intent.symbol}${intent.type === "limit" ? ` limit ${intent.limitPrice}` : " at market"}`;
  return click.approve
    ? {
        status: "approved",
        actor,
        approval,
        intent,
        text: `Approved by ${actor}: ${order} goes to ${intent.broker}${intent.live ? " (real money)" : ""} after a fresh risk check.`,
        audience: "thread",
        wakeExecutor: true,
        resumeThread: true,
      }
    : {
        status: "rejected",
        actor,
        approval,
        intent,
        text: `Rejected by ${actor}: ${order} will not be sent.`,
        audience: "thread",
        wakeExecutor: false,
        resumeThread: true,
      };
}

/** A click as an adapter receives it: the button's id and value, decoded, then decided. */
export async function decideButton(
  dependencies: DecideDependencies,
  click: { platform: Platform; userId: string; buttonId: string; value: string },
): Promise<DecisionOutcome> {
  if (!isDecisionButton(click.buttonId))
    return refused(RefusalReason.MALFORMED, `Unknown button ${JSON.stringify(click.buttonId)}.`);
  const decoded = decodeDecisionValue(click.value);
  if (!decoded.ok) return refused(RefusalReason.MALFORMED, `Refused: ${decoded.message}.`);
  return decideClick(dependencies, {
    platform: click.platform,
    userId: click.userId,
    approve:
      click.buttonId === DecisionButton.APPROVE || click.buttonId === DecisionButton.BATCH_APPROVE,
    batch: isBatchButton(click.buttonId),
    ...decoded.target,
  });
}

/**
 * True when none of the approvals and order batches a thread waits on (`waitingFor`) can still
 * be decided: time to resume it. One past its expiry counts as settled even before anyone
 * clicked (and so marked it).
 */
export async function allSettled(
  store: Pick<OrderStore & OrderBatchStore, "requestApproval" | "requestBatch">,
  waitingFor: readonly string[],
  nowMs = Number.NEGATIVE_INFINITY,
): Promise<boolean> {
  for (const id of waitingFor) {
    const decision = (await store.requestApproval(id)) ?? (await store.requestBatch(id))?.batch;
    if (decision?.state === "pending" && decision.expiresAtMs > nowMs) return false;
  }
  return true;
}

const isDecisionButton = (buttonId: string): buttonId is DecisionButton =>
  (Object.values(DecisionButton) as string[]).includes(buttonId);

/** A batch card's buttons: their value names the batch. */
export const isBatchButton = (buttonId: string) =>
  buttonId === DecisionButton.BATCH_APPROVE || buttonId === DecisionButton.BATCH_REJECT;

function batchDecided(actor: string, approve: boolean, decided: BatchWithIntents): DecisionOutcome {
  const { batch, intents } = decided;
  const orders = `${intents.length} rebalance order(s)`;
  return {
    status: approve ? "batch_approved" : "batch_rejected",
    actor,
    decided,
    text: approve
      ? `Approved by ${actor}: the ${orders} go to ${batch.broker}${batch.live ? " (real money)" : ""}, sells first, each after a fresh risk check.`
      : `Rejected by ${actor}: none of the ${orders} will be sent.`,
    audience: "thread",
    wakeExecutor: approve,
    resumeThread: true,
  };
}

function clickProblem(click: DecisionClick): string | undefined {
  if (!isPlatform(click.platform)) return `Refused: unknown platform ${String(click.platform)}.`;
  if (typeof click.userId !== "string" || !/^[^\s\p{Cc}:,]{1,128}$/u.test(click.userId))
    return "Refused: the clicking user's id is malformed.";
  if (typeof click.approvalId !== "string" || !uuidPattern.test(click.approvalId))
    return `Refused: ${JSON.stringify(String(click.approvalId).slice(0, 40))} is not an approval id.`;
  if (typeof click.paramsHash !== "string" || !hashPattern.test(click.paramsHash))
    return "Refused: the button's parameters hash is malformed (64 hex digits expected).";
  if (typeof click.approve !== "boolean")
    return "Refused: the click says neither approve nor reject.";
  return undefined;
}

function refused(reason: RefusalReason, text: string): DecisionOutcome {
  return {
    status: "refused",
    reason,
    text,
    audience: "clicker",
    wakeExecutor: false,
    resumeThread: false,
  };
}
