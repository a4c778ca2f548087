import type { SymbolSignal } from "../strategy/strategy-signals.ts";
import { exitOrder, type AlertOrder } from "../webhooks/alert-order.ts";

/** One symbol of a trading strategy as its rules and its own orders leave it. */
export interface SymbolBook {
  signal: SymbolSignal;
  /** The strategy's own filled orders of the symbol, netted (positive long). */
  strategyNet: number;
  /** What the account holds of the symbol (every strategy's and hand orders'). */
  accountQuantity: number;
  /** An order of the strategy's for the symbol still on its way (waiting, sent, part filled). */
  open?: { id: string; state: string };
}

/** What the strategy does about one symbol at the next open. */
export type SymbolStep =
  | { kind: "close"; order: Extract<AlertOrder, { kind: "order" }>; why: string }
  | { kind: "entry"; why: string }
  | { kind: "note"; note: string }
  | { kind: "none" };

const day = (iso: string) => iso.slice(0, 10);

/**
 * A strategy's next step on one symbol, from its rules' signals and what its own orders hold:
 * close a position the rules no longer hold (the exit rule, or a stop, target or time exit the
 * simulation took), enter on the entry signal when nothing is held, else nothing. A position the
 * rules entered earlier and this account missed is said, not chased (the next entry signal
 * trades), unless `enterLate`. A symbol with an order still on its way is left alone.
 */
export function symbolStep(book: SymbolBook, enterLate = false): SymbolStep {
  const { signal, strategyNet } = book;
  if (book.open)
    return {
      kind: "note",
      note: `an order of the strategy's is already ${book.open.state === "proposed" ? "waiting for approval" : book.open.state.replaceAll("_", " ")} (intent ${book.open.id}): nothing more until it settles`,
    };
  const rulesHold = signal.action === "hold" ? signal.position!.side : null;
  if (strategyNet !== 0) {
    const heldSide = strategyNet > 0 ? "long" : "short";
    if (rulesHold === heldSide) return { kind: "none" };
    const order = exitOrder(heldSide, signal.symbol, strategyNet, book.accountQuantity);
    if (order.kind === "none") return { kind: "note", note: order.note };
    const why =
      signal.action === "exit"
        ? `the exit rule holds at the close of ${day(signal.lastBar)}`
        : `the rules hold no ${heldSide} position after the close of ${day(signal.lastBar)} (a stop, target or time exit, or an exit this account missed)`;
    return { kind: "close", order, why };
  }
  if (signal.action === "enter")
    return { kind: "entry", why: `the entry rule holds at the close of ${day(signal.lastBar)}` };
  if (rulesHold && enterLate)
    return {
      kind: "entry",
      why: `late: the rules hold a ${rulesHold} position since ${day(signal.position!.since)} that this account does not`,
    };
  if (rulesHold)
    return {
      kind: "note",
      note: `the rules hold a ${rulesHold} position since ${day(signal.position!.since)} that this account does not: not entered late (enterLate enters it now), the next entry signal trades`,
    };
  return { kind: "none" };
}
