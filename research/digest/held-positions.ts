import type { Execution } from "../../tools/ports/execution.ts";

/** Signed quantities by symbol; `problem` says why positions are left out, when they are. */
export interface HeldPositions {
  quantities: ReadonlyMap<string, number>;
  problem?: string;
}

/**
 * The broker's positions now. A digest without them is still worth reading: no broker or a
 * failed call leaves them out and says why, rather than failing the digest.
 */
export async function heldPositions(execution: Execution | undefined): Promise<HeldPositions> {
  if (!execution) return { quantities: new Map(), problem: "no broker is connected here" };
  try {
    const positions = await execution.broker.positions();
    return {
      quantities: new Map(
        positions
          .filter((position) => position.quantity !== 0)
          .map((position) => [position.symbol, position.quantity]),
      ),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      quantities: new Map(),
      problem: `${execution.broker.name} did not list its positions (${message})`,
    };
  }
}
