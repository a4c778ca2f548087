import { describe, expect, it } from "vitest";
import { pearson } from "../../test/support/pearson.ts";
import { correlationToRest } from "./to-rest.ts";

const day = 86_400_000;
const curve = (symbol: string, values: number[], offsetDays = 0) => ({
  symbol,
  timestampMs: Float64Array.from(values, (_, i) => (i + offsetDays) * day),
  close: Float64Array.from(values),
});
const logReturns = (values: number[]) => values.slice(1).map((v, i) => Math.log(v / values[i]!));

describe("correlationToRest", () => {
  it("correlates each curve's returns with the sum of the others (two-pass Pearson by hand)", () => {
    const a = [100, 101, 99, 102, 104, 103];
    const b = [200, 202, 199, 203, 207, 204];
    const c = [50, 49, 51, 50, 48, 49];
    const [ra, rb, rc] = correlationToRest([curve("a", a), curve("b", b), curve("c", c)]);
    const restOfA = b.map((value, i) => value + c[i]!);
    const restOfC = a.map((value, i) => value + b[i]!);
    expect(ra).toBeCloseTo(pearson(logReturns(a), logReturns(restOfA)), 12);
    expect(rc).toBeCloseTo(pearson(logReturns(c), logReturns(restOfC)), 12);
    expect(rb).toBeGreaterThan(0.5);
    expect(rc).toBeLessThan(0);
  });

  it("uses only the dates every curve has", () => {
    const a = curve("a", [100, 101, 99, 102, 104, 103, 110]);
    const b = curve("b", [200, 202, 199, 203, 207, 204], 1);
    const shared = correlationToRest([a, b]);
    const expected = pearson(
      logReturns([101, 99, 102, 104, 103, 110]),
      logReturns([200, 202, 199, 203, 207, 204]),
    );
    expect(shared[0]).toBeCloseTo(expected, 12);
    expect(shared[1]).toBeCloseTo(expected, 12);
  });

  it("is null alone, on too few shared days, and for a flat curve", () => {
    expect(correlationToRest([curve("a", [1, 2, 3, 4])])).toEqual([null]);
    expect(correlationToRest([curve("a", [1, 2, 3]), curve("b", [3, 2, 1])])).toEqual([null, null]);
    const flat = correlationToRest([curve("a", [5, 5, 5, 5, 5]), curve("b", [1, 2, 3, 2, 1])]);
    expect(flat).toEqual([null, null]);
  });
});
