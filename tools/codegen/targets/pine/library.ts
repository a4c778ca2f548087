/** A Pine function of the generated runtime, the functions it calls, and what it needs of history. */
export interface PineFunction {
  name: string;
  needs: readonly string[];
  code: string;
}

export const pineFunction = (
  name: string,
  needs: readonly string[],
  code: string,
): PineFunction => ({
  name,
  needs,
  code: code.trim(),
});

/**
 * The functions `wanted` and everything they call, in `library` order. Pine compiles a call only
 * to a function defined above it, so the library lists every function after those it calls.
 */
export function selectPineFunctions(
  library: readonly PineFunction[],
  wanted: Iterable<string>,
): PineFunction[] {
  const position = new Map(library.map((definition, index) => [definition.name, index]));
  const chosen = new Set<string>();
  const visit = (name: string, caller: string | null) => {
    const index = position.get(name);
    if (index === undefined) throw new RangeError(`the Pine runtime has no function ${name}`);
    if (caller !== null && index > position.get(caller)!)
      throw new RangeError(`the Pine runtime defines ${name} after ${caller}, which calls it`);
    if (chosen.has(name)) return;
    chosen.add(name);
    for (const need of library[index]!.needs) visit(need, name);
  };
  for (const name of wanted) visit(name, null);
  return library.filter((definition) => chosen.has(definition.name));
}
