import { describe, expect, it } from "vitest";
import {
  isTerminal,
  needsLookup,
  nextOrderState,
  orderStates,
  type OrderEvent,
  type OrderState,
} from "./order-state.ts";

const events: OrderEvent[] = [
  { kind: "approve" },
  { kind: "decline" },
  { kind: "expire" },
  { kind: "begin_submit" },
  { kind: "accepted" },
  { kind: "broker_rejected" },
  { kind: "outcome_unclear" },
  { kind: "lookup_missing" },
  { kind: "fill", complete: false },
  { kind: "fill", complete: true },
  { kind: "cancelled" },
];
const label = (event: OrderEvent) =>
  event.kind === "fill" ? (event.complete ? "fill" : "partial") : event.kind;

// The whole table, written out by hand from the path: "." is refused.
const expected: Record<OrderState, Record<string, OrderState | ".">> = {
  proposed: { approve: "approved", decline: "declined", expire: "expired" },
  approved: { begin_submit: "submitting", expire: "expired", cancelled: "cancelled" },
  submitting: {
    accepted: "submitted",
    broker_rejected: "rejected",
    outcome_unclear: "unknown",
    partial: "partially_filled",
    fill: "filled",
  },
  unknown: {
    accepted: "submitted",
    broker_rejected: "rejected",
    partial: "partially_filled",
    fill: "filled",
    cancelled: "cancelled",
    lookup_missing: "approved",
  },
  submitted: {
    partial: "partially_filled",
    fill: "filled",
    cancelled: "cancelled",
    broker_rejected: "rejected",
  },
  partially_filled: { partial: "partially_filled", fill: "filled", cancelled: "cancelled" },
  filled: {},
  cancelled: {},
  rejected: {},
  declined: {},
  expired: {},
};

describe("the order state machine", () => {
  it.each(orderStates)("moves a %s order exactly as the table says, refusing the rest", (state) => {
    for (const event of events) {
      const result = nextOrderState(state, event);
      const target = expected[state][label(event)] ?? ".";
      if (target === ".") expect(result).toMatchObject({ ok: false });
      else expect(result).toEqual({ ok: true, state: target });
    }
  });

  it("says why an event cannot happen", () => {
    expect(nextOrderState("filled", { kind: "cancelled" })).toEqual({
      ok: false,
      reason: "the order is filled: nothing more can happen to it",
    });
    expect(nextOrderState("proposed", { kind: "begin_submit" })).toEqual({
      ok: false,
      reason: "begin submit cannot happen to a proposed order",
    });
  });

  it("never resends blindly: only a lookup that finds nothing leads back to approved", () => {
    const intoApproved = orderStates.filter(
      (state) =>
        state !== "proposed" &&
        events.some(
          (e) =>
            nextOrderState(state, e).ok &&
            (nextOrderState(state, e) as { state: string }).state === "approved",
        ),
    );
    expect(intoApproved).toEqual(["unknown"]);
    expect(orderStates.filter(needsLookup)).toEqual(["submitting", "unknown"]);
    expect(orderStates.filter(isTerminal)).toEqual([
      "filled",
      "cancelled",
      "rejected",
      "declined",
      "expired",
    ]);
  });
});
