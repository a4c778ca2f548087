import { count } from "./format.ts";

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
