import { orderWords } from "../../../tools/replies/orders.ts";
import { call, missing, planned, type Intent, type OpenOrder } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";
import { listWords } from "../text.ts";

/** "cancel my AAPL order", "withdraw order 1a2b3c4d", "cancel all my open orders". */
const cancelling = /^(?:cancel|withdraw|revoke|reject|decline|deny)\b/;
/** "reject the AAPL order": a decision on orders waiting for approval, and only those. */
const rejecting = /^(?:reject|decline|deny)\b/;
/** The halt is lifted, never cancelled by this intent: "cancel the kill switch". */
const haltWords = /\b(?:halt|kill[- ]?switch)\b/;
/** An order's or its approval's id (a UUID), or its first 8+ hex digits. */
const orderId = /(?<![\w-])([0-9a-f]{8}(?:-[0-9a-f]{1,4}){0,3}(?:-[0-9a-f]{1,12})?)(?![\w-])/;
/** Words that cancel every order that fits rather than one. */
const every = /\borders\b|\ball\b|\bevery(?:thing)?\b|\beach\b/;

/**
 * Cancels orders one by one without halting anything else (`cancel_order`): an order waiting for
 * approval is rejected (as its approver: "reject the AAPL order" says the same of waiting orders
 * only), an approved one withdrawn, an open one cancelled at the broker. An id names the order
 * (or its approval, as the card shows it); otherwise the orders not yet settled are read afresh
 * for the message (a `list_orders` lookup, `needs: "openOrders"`) and narrowed by the symbols,
 * side and type the message names. One order asked for when several fit asks which.
 */
export const cancelOrders: Intent = {
  title: "cancelling orders",
  tools: ["cancel_order"],
  examples: ["cancel my AAPL order", "cancel order 1a2b3c4d", "cancel all my open orders"],
  matches: ({ text, raw }) =>
    cancelling.test(text) &&
    !haltWords.test(text) &&
    (/\borders?\b/.test(text) || orderId.test(raw.toLowerCase())),
  plan(message) {
    // From the words as written: normalizing reads "015b" in a UUID as 15 billion.
    const id = orderId.exec(message.raw.toLowerCase())?.[1];
    if (id)
      return planned(
        [call("cancel_order", { orderId: id })],
        `Cancel order ${id}: rejected if it waits for approval, withdrawn if not yet sent, cancelled at the broker if open.`,
      );
    const open = message.context.openOrders;
    if (!open)
      return missing(
        'the orders to cancel: I read the ones not yet settled first ("show my orders" lists them)',
        "openOrders",
      );
    const fitting = open
      .filter(fits(message.raw, message.text))
      .filter((order) => !rejecting.test(message.text) || order.state === "proposed");
    const described = (orders: readonly OpenOrder[]) =>
      listWords(
        orders.map((order) => `${orderWords(order)} (${order.state}) [${order.id.slice(0, 8)}]`),
      );
    if (fitting.length === 0)
      return {
        kind: "refused",
        why:
          open.length === 0
            ? "No order is waiting, queued or open: there is nothing to cancel."
            : `No order not yet settled fits those words: ${described(open.slice(0, 5))}${open.length > 5 ? ` and ${open.length - 5} more` : ""}. Nothing was cancelled.`,
      };
    if (fitting.length > 1 && !every.test(message.text))
      return {
        kind: "refused",
        why: `Which order? ${fitting.length} fit: ${described(fitting.slice(0, 5))}. Say "cancel order <id>", or "cancel all my ... orders" for each. Nothing was cancelled.`,
      };
    return planned(
      fitting.map((order) => call("cancel_order", { orderId: order.id })),
      `Cancel ${described(fitting)}: each rejected, withdrawn or cancelled at the broker as its state asks.`,
    );
  },
};

/** Whether an order fits the symbols, side ("buy", "sell") and type ("limit") a message names. */
function fits(raw: string, text: string) {
  const symbols = symbolsIn(raw);
  const side = /\bbuy\b/.test(text) ? "buy" : /\bsell\b/.test(text) ? "sell" : undefined;
  const type = /\blimit\b/.test(text) ? "limit" : /\bmarket\b/.test(text) ? "market" : undefined;
  const waiting = /\b(?:pending|waiting|unapproved)\b/.test(text);
  return (order: OpenOrder) =>
    (symbols.length === 0 || symbols.includes(order.symbol)) &&
    (side === undefined || order.side === side) &&
    (type === undefined || order.type === type) &&
    (!waiting || order.state === "proposed");
}
