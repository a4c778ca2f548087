import { z } from "zod";

const weight = z.number().min(0).max(100);

/** The objectives of engine/optimizer/objective.ts, as input. */
export const ObjectiveSchema = z
  .union([
    z.object({ kind: z.literal("sharpe") }).strict(),
    z.object({ kind: z.literal("sortino") }).strict(),
    z.object({ kind: z.literal("calmar") }).strict(),
    z
      .object({
        kind: z.literal("cagr"),
        maxDrawdown: z
          .number()
          .gt(0)
          .max(1)
          .describe("Drawdown cap as a fraction (0.2 = 20%); a trial above it is infeasible."),
      })
      .strict(),
    z
      .object({
        kind: z.literal("mix"),
        weights: z
          .object({ sharpe: weight, sortino: weight, calmar: weight, cagr: weight })
          .partial()
          .strict()
          .refine((weights) => Object.values(weights).some((w) => w > 0), "give a positive weight"),
      })
      .strict(),
  ])
  .default({ kind: "sharpe" })
  .describe(
    'What to maximize: {"kind": "sharpe"} (default), "sortino", "calmar", {"kind": "cagr", "maxDrawdown": 0.2} or {"kind": "mix", "weights": {"sharpe": 1, "calmar": 0.5}}.',
  );
