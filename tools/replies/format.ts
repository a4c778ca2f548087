/** Number formats the offline replies share: every value comes from a tool result as it is. */
export const percent = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? "n/a" : `${(value * 100).toFixed(digits)}%`;

export const fixed = (value: number | null | undefined) =>
  value === null || value === undefined ? "n/a" : value.toFixed(2);

/** "1 finding", "17 findings". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
