import { count, firstFew } from "./format.ts";

interface UniversesOutput {
  universes: { name: string; description?: string | null; symbols: string[]; builtin: boolean }[];
}

/** list_universes: each list by name, with its size and what it holds. */
export function describeUniverses({ universes }: UniversesOutput): string {
  return [
    `${count(universes.length, "universe")}:`,
    ...universes.map(
      (universe) =>
        `- ${universe.name} (${count(universe.symbols.length, "symbol")}${universe.builtin ? ", built in" : ""})${universe.description ? `: ${universe.description}` : ""}`,
    ),
  ].join("\n");
}

interface UniverseSaved {
  universe: { name: string; description: string; symbols: string[] };
  created: boolean;
}

/** define_universe: which list was saved or replaced, and what it holds. */
export function describeUniverseSaved({ universe, created }: UniverseSaved): string {
  const head = `${created ? "Saved" : "Replaced"} universe ${universe.name} (${count(universe.symbols.length, "symbol")}: ${firstFew(universe.symbols)})`;
  return universe.description ? `${head}: ${universe.description}` : `${head}.`;
}
