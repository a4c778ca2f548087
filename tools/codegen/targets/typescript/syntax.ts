/** A TypeScript number literal that parses to exactly this double (JavaScript prints the shortest round-trip form). */
export function tsNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a number literal`);
  return Object.is(value, -0) ? "-0" : String(value);
}

/** A TypeScript string literal: JSON's escapes are all valid in TypeScript. */
export function tsString(text: string): string {
  return JSON.stringify(text);
}

/** Line breaks TypeScript or an editor would honour inside a comment. */
const lineBreaks = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlCharacters = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/** The text's lines, with nothing left in them that could end a comment or break a line. */
function safeLines(text: string): string[] {
  return text
    .split(lineBreaks)
    .map((line) => line.replace(controlCharacters, " ").replaceAll("*/", "*\\/"));
}

/** `// ` comment lines for any text. */
export function lineComments(text: string, indent = ""): string[] {
  return safeLines(text).map((line) => `${indent}// ${line}`.trimEnd());
}

/** A `/** ... *\/` block for any text, user text included: nothing in it can end the comment. */
export function blockComment(text: string): string {
  return ["/**", ...safeLines(text).map((line) => ` * ${line}`.trimEnd()), " */"].join("\n");
}
