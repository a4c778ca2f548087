import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import { isoTime } from "../time-input.ts";
import { StrategyIdInput } from "./strategy-id.ts";

/** The call that lists an archived strategy again, for messages that say to restore it. */
export const restoreCall = (strategyId: string) =>
  `update_strategy {"strategyId": "${strategyId}", "archived": false}`;

export const updateStrategy = defineTool({
  name: "update_strategy",
  summary:
    "Rename a stored strategy, archive it (out of the listings, everything kept) or restore it.",
  description:
    "Changes one stored strategy: `name` renames it where it is listed and named in replies (its spec, id and programs already generated keep the name it was written with); `archived: true` leaves it out of list_strategies and of lookups by name, keeping its spec, backtests, validations and programs (nothing is erased: ids still reach it, and backtesting, optimizing, validating or generating code for it lists it again); `archived: false` restores it. Only a strategy at the backtest stage can be archived: move one that trades back first (promote_strategy with `to`).",
  input: z
    .object({
      strategyId: StrategyIdInput,
      name: z.string().trim().min(1).max(120).optional().describe("Its new name."),
      archived: z.boolean().optional().describe("true archives it, false restores it."),
    })
    .strict()
    .refine((input) => input.name !== undefined || input.archived !== undefined, {
      message: "give what to change: `name` or `archived`",
    }),
  output: z.object({
    strategy: z.object({
      id: z.string(),
      name: z.string(),
      previousName: z.string(),
      archived: z.boolean(),
      archivedAt: z.string().nullable().describe("When it was archived (ISO-8601); null: listed."),
    }),
    changed: z.array(z.enum(["name", "archived"])).describe("What changed; empty: nothing did."),
  }),
  effect: "write",
  idempotent: true,
  async run({ strategyId, name, archived }, { store, clock }) {
    const before = await store.requestStrategy(strategyId);
    if (!before)
      throw notFound(`no stored strategy has id ${strategyId}: list_strategies lists them`);
    const wasArchived = before.archivedAtMs !== null;
    if (archived === true && !wasArchived) {
      const stage = (await store.requestStage(strategyId))?.stage ?? "backtest";
      if (stage !== "backtest")
        throw invalidInput(
          `the strategy trades at ${stage}: only one at the backtest stage can be archived; move it back first (promote_strategy {"strategyId": "${strategyId}", "to": "backtest"})`,
          [{ path: ["archived"], message: `the strategy is at ${stage}` }],
        );
    }
    const changed = [
      ...(name !== undefined && name !== before.name ? (["name"] as const) : []),
      ...(archived !== undefined && archived !== wasArchived ? (["archived"] as const) : []),
    ];
    // Archiving an archived strategy keeps when it was archived.
    const after =
      changed.length === 0
        ? before
        : await store.updateStrategy(strategyId, {
            ...(changed.includes("name") ? { name } : {}),
            ...(changed.includes("archived")
              ? { archivedAtMs: archived ? clock.nowMs() : null }
              : {}),
          });
    if (!after)
      throw notFound(`no stored strategy has id ${strategyId}: list_strategies lists them`);
    return {
      strategy: {
        id: after.id,
        name: after.name,
        previousName: before.name,
        archived: after.archivedAtMs !== null,
        archivedAt: after.archivedAtMs === null ? null : isoTime(after.archivedAtMs),
      },
      changed,
    };
  },
});
