import { commentLines as hashComments } from "../python/syntax.ts";

// Pine's number literals read like Python's: the shortest round-trip digits, ".0" on whole floats.
export { pythonFloat as pineFloat, pythonInt as pineInt } from "../python/syntax.ts";

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const unsafe = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A double-quoted Pine string literal for any text, user text included: one line, escaped. */
export function pineString(text: string): string {
  return `"${text.replace(unsafe, " ").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `// ` comment lines for any text, user text included: nothing in it can end the comment. */
export function commentLines(text: string, indent = ""): string[] {
  return hashComments(text, indent).map((line) => `${indent}//${line.slice(indent.length + 1)}`);
}

/** Pine's indentation unit. */
export const indent = "    ";

/** Lines indented `levels` more levels. */
export function indented(lines: readonly string[], levels = 1): string[] {
  const prefix = indent.repeat(levels);
  return lines.map((line) => (line === "" ? line : `${prefix}${line}`));
}
