import { storedIdInput } from "../stored-id.ts";

/** A stored optimization's id, as optimize_strategy and list_optimizations give it. */
export const OptimizationIdInput = storedIdInput(
  "optimization",
  "optimize_strategy and list_optimizations",
);
