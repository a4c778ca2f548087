import { closest } from "fastest-levenshtein";

/** A zod error map for strict objects: names the unknown key, suggests the closest known one, lists them all. */
export function unknownKeyError(what: string, known: readonly string[]) {
  return (issue: { code?: string; keys?: string[] }) => {
    if (issue.code !== "unrecognized_keys" || !issue.keys?.length) return undefined;
    const key = issue.keys[0]!;
    return `unknown ${what} "${key}" (did you mean "${closest(key, known as string[])}"?); known: ${known.join(", ")}`;
  };
}
