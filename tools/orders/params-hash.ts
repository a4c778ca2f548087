import { createHash } from "node:crypto";

/** The exact parameters a human is asked to approve. */
export interface ApprovedParameters {
  broker: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit";
  limitPrice: number | null;
  strategyId: string | null;
}

/**
 * sha256 over the parameters in a fixed order: the approval stores it, and a decision names it,
 * so a click approves exactly what its card showed and nothing edited since.
 */
export function paramsHash(order: ApprovedParameters): string {
  const canonical = JSON.stringify([
    order.broker,
    order.symbol,
    order.side,
    order.quantity,
    order.type,
    order.limitPrice,
    order.strategyId,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
