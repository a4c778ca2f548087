/** A Python float literal that parses to exactly this double (JavaScript prints the shortest round-trip form). */
export function pythonFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a Python literal`);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A Python int literal, for bar counts and periods. */
export function pythonInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a whole number`);
  return String(value);
}

/** A Python string literal: JSON's escapes are all valid in Python. */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** camelCase DSL names as Python names: stochRsi -> stoch_rsi, kSmoothing -> k_smoothing. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Line breaks Python or an editor would honour inside a comment. */
const lineBreaks = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlCharacters = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/** `# ` comment lines for any text, user text included: nothing in it can end the comment. */
export function commentLines(text: string, indent = ""): string[] {
  return text
    .split(lineBreaks)
    .map((line) => `${indent}# ${line.replace(controlCharacters, " ")}`.trimEnd());
}
