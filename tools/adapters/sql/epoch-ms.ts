/** SQL for a timestamptz column (or expression) as epoch milliseconds, a float8 the driver reads as a number. */
export const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
