/** A top-level Python function of the generated runtime and the functions it calls. */
export interface PythonFunction {
  name: string;
  needs: readonly string[];
  code: string;
}

export const pythonFunction = (name: string, needs: readonly string[], code: string) => ({
  name,
  needs,
  code: code.trim(),
});

/**
 * The functions `wanted` and everything they call, in `library` order: a file carries only the
 * indicators its strategy uses. (Python resolves names when a function runs, so order is free.)
 */
export function selectFunctions(
  library: readonly PythonFunction[],
  wanted: Iterable<string>,
): PythonFunction[] {
  const byName = new Map(library.map((definition) => [definition.name, definition]));
  const chosen = new Set<string>();
  const visit = (name: string) => {
    if (chosen.has(name)) return;
    const definition = byName.get(name);
    if (!definition) throw new RangeError(`the Python runtime has no function ${name}`);
    chosen.add(name);
    definition.needs.forEach(visit);
  };
  for (const name of wanted) visit(name);
  return library.filter((definition) => chosen.has(definition.name));
}
