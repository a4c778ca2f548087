/**
 * The order path as an explicit state machine, persisted with each order intent. An intent is
 * proposed, approved by a human (or declined, or left to expire), then submitted to a broker
 * under its own id as `client_order_id`. A request whose outcome is unclear (timeout, 5xx,
 * connection reset) leaves the intent `unknown`: it is resolved by looking the order up by its
 * id before anything is sent again, also after a crash (`needsLookup`).
 */
export const orderStates = [
  "proposed",
  "approved",
  "submitting",
  "unknown",
  "submitted",
  "partially_filled",
  "filled",
  "cancelled",
  "rejected",
  "declined",
  "expired",
] as const;
export type OrderState = (typeof orderStates)[number];

export type OrderEvent =
  | { kind: "approve" }
  | { kind: "decline" }
  | { kind: "expire" }
  | { kind: "begin_submit" }
  | { kind: "accepted" }
  | { kind: "broker_rejected" }
  | { kind: "outcome_unclear" }
  /** The lookup by client order id found nothing: the broker never received it. */
  | { kind: "lookup_missing" }
  | { kind: "fill"; complete: boolean }
  | { kind: "cancelled" };

const terminal: ReadonlySet<OrderState> = new Set([
  "filled",
  "cancelled",
  "rejected",
  "declined",
  "expired",
]);

/** Where each event leads from each state; anything else is refused. */
const transitions: Readonly<
  Partial<Record<OrderState, Partial<Record<OrderEvent["kind"], OrderState>>>>
> = {
  proposed: { approve: "approved", decline: "declined", expire: "expired" },
  approved: { begin_submit: "submitting", expire: "expired", cancelled: "cancelled" },
  submitting: {
    accepted: "submitted",
    broker_rejected: "rejected",
    outcome_unclear: "unknown",
    // A fast fill can be the first thing the broker says.
    fill: "partially_filled",
  },
  // Only a lookup resolves an unclear outcome: what it finds, or "never received".
  unknown: {
    accepted: "submitted",
    broker_rejected: "rejected",
    fill: "partially_filled",
    cancelled: "cancelled",
    lookup_missing: "approved",
  },
  submitted: { fill: "partially_filled", cancelled: "cancelled", broker_rejected: "rejected" },
  partially_filled: { fill: "partially_filled", cancelled: "cancelled" },
};

export type Transition = { ok: true; state: OrderState } | { ok: false; reason: string };

/** The state after `event`, or why the event cannot happen in `state` (the row stays as it is). */
export function nextOrderState(state: OrderState, event: OrderEvent): Transition {
  if (terminal.has(state))
    return { ok: false, reason: `the order is ${state}: nothing more can happen to it` };
  const target = transitions[state]?.[event.kind];
  if (target === undefined)
    return {
      ok: false,
      reason: `${event.kind.replaceAll("_", " ")} cannot happen to a ${state} order`,
    };
  if (event.kind === "fill" && event.complete) return { ok: true, state: "filled" };
  return { ok: true, state: target };
}

/** Intents whose broker request may have gone out: look them up before sending anything. */
export function needsLookup(state: OrderState): boolean {
  return state === "submitting" || state === "unknown";
}

export function isTerminal(state: OrderState): boolean {
  return terminal.has(state);
}
