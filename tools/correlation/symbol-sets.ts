import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { TimeInput } from "../time-input.ts";
import { builtinUniverses } from "../universes/builtin.ts";

/** Every built-in universe's symbols once: ETFs, FX majors, CME micros and crypto together. */
export const crossAssetSymbols = [
  ...new Set(builtinUniverses.flatMap((universe) => universe.symbols)),
];

/** A built-in or stored universe's symbols; an unknown name is refused naming the known ones. */
export async function universeSymbols(
  store: Store,
  name: string,
  field = "universe",
): Promise<string[]> {
  const builtin = builtinUniverses.find((universe) => universe.name === name);
  if (builtin) return builtin.symbols;
  const stored = await store.listUniverses();
  const found = stored.find((universe) => universe.name === name);
  if (found) return found.symbols;
  const known = [...builtinUniverses, ...stored].map((universe) => universe.name).join(", ");
  throw invalidInput(`unknown universe "${name}" (known: ${known}); see list_universes`, [
    { path: [field], message: `unknown universe "${name}"` },
  ]);
}

export const UniqueSymbols = (min: number, max: number) =>
  z
    .array(SymbolSchema)
    .min(min)
    .max(max)
    .refine((symbols) => new Set(symbols).size === symbols.length, "symbols lists a name twice");

/** `at` and `end` both mean "as of": the last bar used. */
export const asOfFields = {
  at: TimeInput("end")
    .optional()
    .describe("As of this date (inclusive): the last bar used. Same as `end`."),
  end: TimeInput("end")
    .optional()
    .describe("Last date used (inclusive); ISO-8601 or epoch ms. Same as `at`."),
};

/** The as-of bound of input carrying `at` and `end`: at most one may be given. */
export const refuseAtAndEnd = {
  check: (input: { at?: number | undefined; end?: number | undefined }) =>
    input.at === undefined || input.end === undefined,
  message: { message: "give `at` or `end`, not both (they mean the same)", path: ["at"] },
};
