import {
  isTerminal,
  needsLookup,
  nextOrderState,
  type OrderEvent,
  type OrderState,
} from "../../engine/orders/order-state.ts";
import { AuditAction } from "../ports/audit.ts";
import type { BrokerOrder } from "../ports/broker.ts";
import type { OrderIntent, OrderStore } from "../ports/orders.ts";

/**
 * Moves an intent to what a broker order says. Events may repeat or come late: an event the
 * state machine refuses (accepted after filled) changes nothing, and filled quantities only
 * grow. A move that loses a race (the stream and the submit's answer at once) is recomputed
 * from the row as it now stands. Undefined when nothing moved.
 */
export async function applyBrokerOrder(
  store: Pick<OrderStore, "moveIntent" | "requestIntent">,
  seen: OrderIntent,
  order: BrokerOrder,
  actor: string,
): Promise<OrderIntent | undefined> {
  let intent: OrderIntent | undefined = seen;
  for (let attempt = 0; intent && attempt < 5; attempt++) {
    const next = nextOrderState(intent.state, brokerEvent(order));
    const grew = order.filledQuantity > intent.filledQuantity && !isTerminal(intent.state);
    const target: OrderState | undefined = next.ok ? next.state : grew ? intent.state : undefined;
    if (target === undefined || (target === intent.state && !grew)) return undefined;
    const moved = await store.moveIntent(
      intent.id,
      [intent.state],
      target,
      {
        brokerOrderId: order.brokerOrderId,
        filledQuantity: order.filledQuantity,
        averageFillPrice: order.averageFillPrice,
        ...(order.rejectReason ? { rejectReason: order.rejectReason } : {}),
        settleOutbox: !needsLookup(target),
      },
      {
        actor,
        action: target === "submitted" ? AuditAction.orderSubmitted : AuditAction.orderUpdated,
        details: {
          brokerStatus: order.status,
          brokerOrderId: order.brokerOrderId,
          filledQuantity: order.filledQuantity,
          averageFillPrice: order.averageFillPrice,
        },
      },
    );
    if (moved) return moved;
    intent = await store.requestIntent(seen.id);
  }
  return undefined;
}

function brokerEvent(order: BrokerOrder): OrderEvent {
  switch (order.status) {
    case "accepted":
      return { kind: "accepted" };
    case "partially_filled":
      return { kind: "fill", complete: false };
    case "filled":
      return { kind: "fill", complete: true };
    case "cancelled":
    case "expired":
      return { kind: "cancelled" };
    case "rejected":
      return { kind: "broker_rejected" };
  }
}
