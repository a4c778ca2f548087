import { pythonFloat, pythonInt } from "../python/syntax.ts";

/** An MQL5 double literal that parses to exactly this double (C's syntax, which Python shares). */
export const mql5Double = pythonFloat;
/** An MQL5 int literal, for bar counts and periods. */
export const mql5Int = pythonInt;

/** Text as printable ASCII: MetaEditor reads files in several encodings; ASCII reads the same in all. */
export function asciiText(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      // Everything outside printable ASCII (control characters included) becomes "?".
      .replace(/[^\u0020-\u007e\n]/g, "?")
  );
}

/** Line breaks an editor would honour inside a comment. */
const lineBreaks = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/;

/**
 * `// ` comment lines for any text, user text included: nothing in it can end the comment (a
 * trailing backslash, which would splice the next line into the comment, gets a full stop).
 */
export function commentLines(text: string, indent = ""): string[] {
  return text
    .split(lineBreaks)
    .map((line) => `${indent}// ${asciiText(line)}`.trimEnd().replace(/\\$/, "\\."));
}

/** An MQL5 string literal of ASCII text. */
export function mql5String(text: string): string {
  const escaped = asciiText(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `"${escaped}"`;
}
