/** A calendar month ("2024-03") or year ("2024") and the equity's return over it. */
export interface PeriodReturn {
  period: string;
  return: number;
}

/**
 * Returns of each calendar month or year (UTC) an equity curve covers: the last equity of the
 * period over the last equity before it (the starting equity for the first), minus one. A
 * partial first or last period counts what the curve holds of it. `timestampMs` ascends.
 */
export function periodReturns(
  timestampMs: ArrayLike<number>,
  equity: ArrayLike<number>,
  startingEquity: number,
  by: "month" | "year",
): PeriodReturn[] {
  if (timestampMs.length !== equity.length)
    throw new RangeError(
      `timestamps and equity must be as long (${timestampMs.length} and ${equity.length})`,
    );
  if (!(startingEquity > 0))
    throw new RangeError(`the starting equity must be positive (was ${startingEquity})`);
  const width = by === "month" ? 7 : 4;
  const returns: PeriodReturn[] = [];
  let before = startingEquity;
  for (let index = 0; index < timestampMs.length; index++) {
    const period = new Date(timestampMs[index]!).toISOString().slice(0, width);
    const last = index + 1 === timestampMs.length;
    const next = last ? "" : new Date(timestampMs[index + 1]!).toISOString().slice(0, width);
    if (next === period) continue;
    returns.push({ period, return: equity[index]! / before - 1 });
    before = equity[index]!;
  }
  return returns;
}
