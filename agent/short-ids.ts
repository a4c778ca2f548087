/**
 * Strategy ids as replies shorten them ("strategy 23d7f2304a5a…"): a person copies the short
 * form, the tools take the 64 hex digits. A short id is 8 to 63 lowercase hex digits with at
 * least one digit and one letter (so no word, number or date), standing alone (not part of a
 * UUID, a URL or a longer word), an ellipsis after it allowed, and not after "order",
 * "approval", "batch" or "alert" (whose ids are UUIDs their tools take by their start).
 */
const shortId =
  /(?<![\w./:=#-])(?<!\b(?:orders?|approvals?|batch(?:es)?|alerts?)\s+)(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])([0-9a-f]{8,63})(?:…|\.\.\.)?(?![\w/:=-]|\.\w)/g;

/** The short strategy ids a message writes, each once, in order. */
export function shortIdsIn(text: string): string[] {
  return [...new Set([...text.matchAll(shortId)].map((match) => match[1]!))];
}

export interface NamedStrategy {
  id: string;
  name: string;
}

/**
 * The message with each short id written out in full, or the problem: a short id no stored
 * strategy's id starts with, or one that starts several.
 */
export function expandShortIds(
  text: string,
  strategies: readonly NamedStrategy[],
): { text: string } | { problem: string } {
  const problems: string[] = [];
  const expanded = text.replace(shortId, (written, prefix: string) => {
    const matches = strategies.filter((strategy) => strategy.id.startsWith(prefix));
    if (matches.length === 1) return matches[0]!.id;
    problems.push(
      matches.length === 0
        ? `No stored strategy's id starts with ${prefix}: "list my strategies" shows them with their ids.`
        : `${prefix} starts the ids of ${matches.length} strategies (${matches
            .map((strategy) => `${strategy.name}, ${strategy.id.slice(0, prefix.length + 4)}…`)
            .join("; ")}): give more of its digits.`,
    );
    return written;
  });
  return problems.length > 0 ? { problem: problems.join("\n") } : { text: expanded };
}
