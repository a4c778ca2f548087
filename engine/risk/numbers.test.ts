import { describe, expect, it } from "vitest";
import { formatNumber, relativeTolerance, within } from "./numbers.ts";

describe("within", () => {
  it("passes decimal rounding noise and nothing a person would call an excess", () => {
    expect(relativeTolerance).toBe(1e-9);
    expect(0.1 + 0.2 > 0.3).toBe(true);
    expect(within(0.1 + 0.2, 0.3)).toBe(true);
    expect(within(1000 * 100.1, 100_100)).toBe(true);
    expect(within(1_000_000.0009, 1_000_000)).toBe(true); // 9e-10 relative
    expect(within(1_000_000.01, 1_000_000)).toBe(false); // a cent over a million
    expect(within(0.5 + 1e-9, 0.5)).toBe(true); // absolute 1e-9 below 1
    expect(within(0.5 + 2e-9, 0.5)).toBe(false);
  });
  it("fails NaN and infinities on either side: an unknown number never passes", () => {
    expect(within(NaN, 5)).toBe(false);
    expect(within(5, NaN)).toBe(false);
    expect(within(Infinity, 5)).toBe(false);
    expect(within(5, -Infinity)).toBe(false);
  });
});

describe("formatNumber", () => {
  it("prints what a person would type", () => {
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(1.1 * 1.1)).toBe("1.21"); // 1.2100000000000002
    expect(formatNumber(1 / 3)).toBe("0.333333");
    expect(formatNumber(2e6 / 3)).toBe("666666.666667");
    expect(formatNumber(1e-7 * 3)).toBe("3e-7");
    expect(formatNumber(1_000)).toBe("1000");
    expect(formatNumber(NaN)).toBe("NaN");
  });
});
