import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { builtinUniverses } from "./builtin.ts";

const UniverseSchema = z.object({
  name: z.string(),
  description: z.string(),
  symbols: z.array(z.string()),
  builtin: z.boolean().describe("Ships with Alphadesk (cannot be redefined)."),
});

export const listUniverses = defineTool({
  name: "list_universes",
  summary:
    "Named symbol lists: built-in (sector, index, commodity and bond ETFs, FX majors, CME micros, crypto majors) and your own.",
  description:
    "Named symbol lists for scans, correlations and strategies: the built-in ones (sector, index, commodity and bond ETFs, FX majors, CME micros, crypto majors) and the user's own.",
  input: z.object({}).strict(),
  output: z.object({ universes: z.array(UniverseSchema) }),
  effect: "read",
  idempotent: true,
  async run(_, context) {
    const stored = await context.store.listUniverses();
    return {
      universes: [
        ...builtinUniverses.map((universe) => ({ ...universe, builtin: true })),
        ...stored.map(({ name, description, symbols }) => ({
          name,
          description,
          symbols,
          builtin: false,
        })),
      ],
    };
  },
});

export const defineUniverse = defineTool({
  name: "define_universe",
  summary: "Create or replace a named list of symbols of your own.",
  description: "Create or replace a user-defined universe: a named list of symbols.",
  input: z
    .object({
      name: z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9_-]{0,63}$/,
          "a universe name uses lower-case letters, digits, - and _ (at most 64, starting with a letter or digit)",
        )
        .describe("Name, e.g. my-tech."),
      symbols: z
        .array(SymbolSchema)
        .min(1)
        .max(5000)
        .refine((symbols) => new Set(symbols).size === symbols.length, "symbols lists a name twice")
        .describe("The symbols, as stored."),
      description: z.string().max(500).default("").describe("What the list is for."),
    })
    .strict(),
  output: z.object({
    universe: UniverseSchema,
    created: z.boolean().describe("False when an existing universe was replaced."),
  }),
  effect: "write",
  idempotent: true,
  async run(input, context) {
    if (builtinUniverses.some((universe) => universe.name === input.name)) {
      throw invalidInput(`"${input.name}" is a built-in universe; choose another name`, [
        { path: ["name"], message: "is a built-in universe" },
      ]);
    }
    const { universe, created } = await context.store.saveUniverse(input);
    const { name, description, symbols } = universe;
    return { universe: { name, description, symbols, builtin: false }, created };
  },
});
