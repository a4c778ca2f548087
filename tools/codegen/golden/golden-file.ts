import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const goldenDirectory = fileURLToPath(new URL(".", import.meta.url));

/** Where two texts first differ, as "line N: the file has ..., the generator writes ...". */
function firstDifference(expected: string, actual: string): string {
  const [want, got] = [expected.split("\n"), actual.split("\n")];
  const line = want.findIndex((text, index) => text !== got[index]);
  const at = line === -1 ? want.length : line;
  return `line ${at + 1}: the file has ${JSON.stringify(want[at] ?? "(end)")}, the generator writes ${JSON.stringify(got[at] ?? "(end)")}`;
}

/**
 * Compares generated code with its golden file in this folder, byte for byte: files a reviewer
 * has read line by line. Null when they agree; with UPDATE_GOLDEN=1 in the environment the file
 * is rewritten instead. `testFile` is the test that checks it, for the message saying how to
 * regenerate on purpose (then review `git diff tools/codegen/golden` and bump the target's
 * generatorVersion: its output for an unchanged spec changed).
 */
export async function goldenDifference(
  name: string,
  actual: string,
  testFile: string,
): Promise<string | null> {
  const path = `${goldenDirectory}${name}`;
  if (process.env.UPDATE_GOLDEN === "1") {
    await writeFile(path, actual);
    return null;
  }
  const expected = await readFile(path, "utf8").catch(() => null);
  if (expected === actual) return null;
  return [
    expected === null
      ? `tools/codegen/golden/${name} does not exist yet.`
      : `tools/codegen/golden/${name} differs from the generated code (${firstDifference(expected, actual)}).`,
    "If the change is intended, regenerate the golden files with",
    `  UPDATE_GOLDEN=1 npx vitest run ${testFile}`,
    "then read `git diff tools/codegen/golden` line by line as a reviewer of that platform would,",
    "and bump the target's generatorVersion: its output for an unchanged spec changed.",
  ].join("\n");
}
