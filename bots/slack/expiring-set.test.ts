import { describe, expect, it } from "vitest";
import { ExpiringSet } from "./expiring-set.ts";

describe("an expiring set", () => {
  it("refuses a key it holds and forgets keys past their expiry", () => {
    const set = new ExpiringSet();
    expect(set.add("a", 100, 0)).toBe(true);
    expect(set.add("b", 300, 0)).toBe(true);
    expect(set.add("a", 100, 50)).toBe(false);
    expect(set.add("c", 400, 100)).toBe(true);
    expect(set.size).toBe(2);
    expect(set.add("a", 500, 100)).toBe(true);
  });
});
