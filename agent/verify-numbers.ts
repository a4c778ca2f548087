/**
 * Numbers in a model's reply that no tool result of the thread (nor the user) gave: the check
 * behind "every number comes from a tool". A reply number is sourced when some source number
 * rounds to it at the reply's precision, directly or as a percentage (0.1234 shown as 12.3%).
 * Small whole numbers (0-31) are left alone: list positions, days and counts of things shown.
 */
export function unsourcedNumbers(reply: string, sources: readonly string[]): string[] {
  const known = sources.flatMap(numbersIn).map((found) => found.value);
  const unsourced: string[] = [];
  for (const found of numbersIn(reply)) {
    if (Number.isInteger(found.value) && Math.abs(found.value) <= 31) continue;
    const tolerance = 0.5 * 10 ** -found.decimals + 1e-12;
    const matches = known.some(
      (value) =>
        Math.abs(value - found.value) <= tolerance ||
        Math.abs(value * 100 - found.value) <= tolerance,
    );
    if (!matches) unsourced.push(found.text);
  }
  return [...new Set(unsourced)];
}

interface FoundNumber {
  text: string;
  value: number;
  decimals: number;
}

/** Numbers written in text or JSON: 1,234.5, -0.25, 12%, 3e-4; thousands separators dropped. */
function numbersIn(text: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  for (const match of text.matchAll(
    /-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:e-?\d+)?/gi,
  )) {
    const raw = match[0];
    const value = Number(raw.replaceAll(",", ""));
    if (!Number.isFinite(value)) continue;
    const decimals = /e/i.test(raw) ? 12 : (raw.split(".")[1]?.length ?? 0);
    found.push({ text: raw, value, decimals });
  }
  return found;
}
