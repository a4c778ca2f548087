/**
 * Text helpers for the offline planner: one normalized, lower-case form of a message in which
 * number words, thousands separators and money suffixes are already digits, so every parser
 * after it reads plain numbers.
 */

const units: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const tens: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const scales: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000 };

/** Number words ("ten", "twenty"): never tickers. */
export const numberWords: ReadonlySet<string> = new Set([
  ...Object.keys(units),
  ...Object.keys(tens),
  ...Object.keys(scales),
]);

const numberWord = [...Object.keys(units), ...Object.keys(tens), ...Object.keys(scales)].join("|");
const numberWordRun = new RegExp(`\\b(?:${numberWord})(?:[\\s-]+(?:${numberWord}))*\\b`, "g");

/** "twenty five" -> 25, "two hundred" -> 200, "five thousand" -> 5000; undefined when the run is not a number. */
function wordsToNumber(run: string): number | undefined {
  const words = run.split(/[\s-]+/);
  // "hundred" or "million" alone is not a number: "a hundred", "5 million" (read later as 5e6).
  if (scales[words[0]!] !== undefined) return undefined;
  let total = 0;
  let current = 0;
  for (const word of words) {
    if (units[word] !== undefined) current += units[word];
    else if (tens[word] !== undefined) current += tens[word];
    else {
      const scale = scales[word]!;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
    }
  }
  return total + current;
}

const magnitudes: Record<string, number> = {
  k: 1_000,
  thousand: 1_000,
  m: 1_000_000,
  mm: 1_000_000,
  mn: 1_000_000,
  million: 1_000_000,
  b: 1_000_000_000,
  bn: 1_000_000_000,
  billion: 1_000_000_000,
};

/** Removes floating-point noise from a scaled number: 1.1 * 1000 = 1100, not 1100.0000000000002. */
const tidy = (value: number) => Number(value.toPrecision(12));

/**
 * The message in lower case with curly quotes and dashes straightened, "5,000" as 5000, "$5k" as
 * $5000, "1.5 million" as 1500000 and number words as digits. "5m" stays as written unless it
 * follows "$": it is more often five minutes than five million.
 */
export function normalize(message: string): string {
  let text = message
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2012-\u2015\u2212]/g, "-")
    .toLowerCase();
  while (/(\d),(\d{3})(?!\d)/.test(text)) text = text.replace(/(\d),(\d{3})(?!\d)/g, "$1$2");
  text = text.replace(numberWordRun, (run, offset: number, whole: string) => {
    // Inside a hyphenated name ("robustness-one-bar-delay") a number word is part of the name.
    if (whole[offset - 1] === "-") return run;
    const value = wordsToNumber(run);
    return value === undefined ? run : String(value);
  });
  text = text.replace(
    /(\$\s*)?(\d+(?:\.\d+)?)\s*(k|thousand|mm|mn|m|million|bn|b|billion)\b/g,
    (whole, dollar: string | undefined, digits: string, suffix: string) => {
      const spelled = suffix.length > 2;
      if (!dollar && !spelled && suffix !== "k") return whole;
      return `${dollar ? "$" : ""}${tidy(Number(digits) * magnitudes[suffix]!)}`;
    },
  );
  text = text.replace(/\$\s+(\d)/g, "$$$1");
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s.!?]+$/, "");
}

/** Blanks out `[start, end)` of a text, keeping every other index where it was. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
}

/** The first match of a pattern, blanked out of the text; the match itself or undefined. */
export function take(
  text: string,
  pattern: RegExp,
): { match: RegExpExecArray; rest: string } | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  return { match, rest: blank(text, match.index, match.index + match[0].length) };
}

export { listed as listWords } from "../../tools/replies/format.ts";

export type Timeframe = "1m" | "5m" | "15m" | "1h" | "1d";

/** The bar timeframe a message names ("hourly", "15-minute bars", "1h"), if any. */
export function timeframeIn(text: string): Timeframe | undefined {
  if (/\b(?:15[- ]?min(?:ute)?s?|15m|fifteen[- ]minutes?|quarter[- ]hour(?:ly)?)\b/.test(text))
    return "15m";
  if (/\b(?:5[- ]?min(?:ute)?s?|5m)\b/.test(text)) return "5m";
  if (/\b(?:1[- ]?min(?:ute)?s?|1m|minute(?:ly)?(?= bars| candles| data))\b/.test(text))
    return "1m";
  if (/\b(?:hourly|1h|60[- ]?min(?:ute)?s?|1[- ]hour)\b/.test(text)) return "1h";
  if (/\b(?:daily|1d|end[- ]of[- ]day|eod)\b/.test(text)) return "1d";
  return undefined;
}
