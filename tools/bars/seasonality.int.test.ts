import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { seasonality } from "./seasonality.ts";

/**
 * Month-end closes, December 2020 to December 2023: each month +1%, but every March +5%; a 2-for-1
 * split on 2023-06-01 halves the raw closes from June 2023 on, which back-adjustment undoes.
 */
function monthEnds(): BarSeries {
  const times: number[] = [];
  const closes: number[] = [];
  let adjusted = 100;
  for (let month = 0; month <= 36; month++) {
    const end = Date.UTC(2020, 11 + month + 1, 0);
    if (month > 0) adjusted *= new Date(end).getUTCMonth() === 2 ? 1.05 : 1.01;
    times.push(end);
    closes.push(end >= Date.UTC(2023, 5, 1) ? adjusted / 2 : adjusted);
  }
  const close = Float64Array.from(closes);
  return {
    symbol: "SEAS",
    timestampMs: Float64Array.from(times),
    open: close,
    high: close,
    low: close,
    close,
    volume: close.map(() => 1000),
  };
}

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", [monthEnds()]);
  await store.writeCorporateActions([
    { symbol: "SEAS", kind: "split", exDateMs: Date.UTC(2023, 5, 1), ratio: 2 },
  ]);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown, nowMs = Date.UTC(2026, 0, 1)) =>
  runTool(seasonality, input, { ...testContext(store), clock: { nowMs: () => nowMs } }) as Promise<
    z.output<typeof seasonality.output>
  >;

describe("seasonality", () => {
  it("groups the back-adjusted month returns by calendar month (worked by hand)", async () => {
    const result = await run({ symbol: "seas", focus: "mar" });
    expect(result).toMatchObject({
      symbol: "SEAS",
      by: "month",
      first: "2021-01",
      last: "2023-12",
      periods: 36,
      focus: "March",
      current: null,
    });
    // 33 months at +1% and three Marches at +5%: the split's halving is adjusted away.
    expect(result.mean).toBeCloseTo((33 * 0.01 + 3 * 0.05) / 36, 12);
    expect(result.groups.map((group) => group.name)).toHaveLength(12);
    const march = result.groups.find((group) => group.name === "March")!;
    // Every March alike and every other month alike: no variance to test against.
    expect(march).toMatchObject({ count: 3, positiveShare: 1, tStat: null, pValue: null });
    expect(march.mean).toBeCloseTo(0.05, 12);
    expect(march.othersMean).toBeCloseTo(0.01, 12);
    const june = result.groups.find((group) => group.name === "June")!;
    expect(june.mean).toBeCloseTo(0.01, 12);
    // June 2023 spans the split: unadjusted, it would be -49.5%.
    expect(june.worst.return).toBeCloseTo(0.01, 12);
  });

  it("keeps the month under way out, shown on its own, by the clock", async () => {
    const result = await run({ symbol: "SEAS" }, Date.UTC(2023, 11, 20));
    expect(result.last).toBe("2023-11");
    expect(result.periods).toBe(35);
    expect(result.current).toMatchObject({ name: "December", period: "2023-12" });
    expect(result.current!.return).toBeCloseTo(0.01, 12);
  });

  it("starts at the close before `start`, so the first month asked for counts whole", async () => {
    const result = await run({ symbol: "SEAS", start: "2022-01-01" });
    expect(result).toMatchObject({ first: "2022-01", last: "2023-12", periods: 24 });
  });

  it("refuses what it cannot answer, naming the field", async () => {
    await expect(run({ symbol: "NOPE" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no 1d bars stored for NOPE"),
    });
    await expect(
      run({ symbol: "SEAS", start: "2023-01-01", end: "2023-06-30" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining(
        "SEAS has 6 whole months of daily bars in the range; seasonality by month needs at least 24",
      ),
    });
    await expect(run({ symbol: "SEAS", focus: "Monday" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining('"Monday" is not a month'),
    });
    await expect(run({ symbol: "SEAS", by: "hour" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      run({ symbol: "SEAS", start: "2023-02-01", end: "2023-01-01" }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("`start` must not be after `end`"),
    });
  });
});
