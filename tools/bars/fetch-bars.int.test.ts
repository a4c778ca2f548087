import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakePolygon } from "../../test/fakes/polygon-server.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { PolygonProvider } from "../adapters/polygon/provider.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { fetchBars } from "./fetch-bars.ts";

interface Fetched {
  symbols: { symbol: string; fetched: number; heldBack: number; skipped?: string }[];
}

const day = (n: number) => Date.UTC(2024, 0, 2, 5) + n * 86_400_000;
const iso = (n: number) => new Date(day(n)).toISOString();

let fake: FakePolygon;
let store: Store;
beforeEach(async () => {
  fake = await new FakePolygon().start();
  fake.bars.set(
    "AAPL",
    Array.from({ length: 10 }, (_, n) => ({
      t: day(n),
      o: 100 + n,
      h: 101 + n,
      l: 99 + n,
      c: 100 + n,
      v: 10,
    })),
  );
  fake.splits.push({ ticker: "AAPL", execution_date: "2024-01-06", split_from: 1, split_to: 2 });
  store = await createTestStore();
});
afterEach(async () => {
  await store.close();
  await fake.stop();
});

const context = (nowMs?: number, apiKey = "test-key") => ({
  ...testContext(store),
  ...(nowMs === undefined ? {} : { clock: { nowMs: () => nowMs } }),
  marketData: new PolygonProvider({
    apiKey,
    baseUrl: fake.url,
    requestsPerMinute: 1000,
  }),
});

describe("fetch_bars", () => {
  it("stores what the provider has, then asks only for what the store lacks", async () => {
    const first = await runTool(
      fetchBars,
      { symbols: ["AAPL"], start: iso(2), end: iso(5) },
      context(),
    );
    expect(first).toMatchObject({
      provider: "polygon",
      symbols: [{ symbol: "AAPL", fetched: 4, corporateActions: 1 }],
      // The fake serves every calendar day: 2024-01-06 and -07 are a weekend.
      quality: [
        {
          symbol: "AAPL",
          market: "NYSE",
          missingSessions: 0,
          barsOutsideSessions: 2,
          missingBars: 0,
          examples: ["2024-01-06", "2024-01-07"],
        },
      ],
    });
    expect((await store.requestCorporateActions("AAPL"))[0]).toMatchObject({
      kind: "split",
      ratio: 2,
    });

    fake.requests.length = 0;
    const second = (await runTool(
      fetchBars,
      { symbols: ["AAPL"], start: iso(0), end: iso(9) },
      context(),
    )) as {
      symbols: { fetched: number; requestedRanges: { start: string; end: string }[] }[];
    };
    expect(second.symbols[0]!.fetched).toBe(6);
    expect(second.symbols[0]!.requestedRanges).toEqual([
      // Stored daily bars are dated 00:00 UTC, whatever hour the vendor stamped them.
      { start: iso(0), end: new Date(Date.UTC(2024, 0, 4) - 1).toISOString() },
      { start: new Date(Date.UTC(2024, 0, 8)).toISOString(), end: iso(9) },
    ]);
    expect(fake.requests.filter((request) => request.startsWith("/v2/aggs"))).toHaveLength(2);
    expect((await store.requestBars("AAPL", "1d"))!.close.length).toBe(10);
  });

  it("brings every stored symbol up to date, holding back the day still trading and going on past a symbol served badly", async () => {
    // The fake's split of January 6 halves no price: it would fail the seam check (its own test).
    fake.splits.length = 0;
    await runTool(fetchBars, { symbols: ["AAPL"], start: iso(0), end: iso(3) }, context());
    const bad = (await store.requestBars("AAPL", "1d"))!;
    await store.writeBars("1d", [{ ...bad, symbol: "BAD" }]);
    fake.bars.set("BAD", [{ t: day(5), o: 10, h: 9, l: 8, c: 9, v: 1 }]);

    // 2024-01-11 13:00 New York: that day's bar is still forming.
    const during = (await runTool(fetchBars, {}, context(Date.UTC(2024, 0, 11, 18)))) as Fetched;
    const newer = [{ start: "2024-01-06T00:00:00.000Z", end: "2024-01-11T18:00:00.000Z" }];
    expect(during.symbols).toEqual([
      // Bars of January 6 to 10 stored.
      { symbol: "AAPL", fetched: 5, heldBack: 1, requestedRanges: newer, corporateActions: 0 },
      {
        symbol: "BAD",
        fetched: 0,
        heldBack: 0,
        requestedRanges: newer,
        corporateActions: 0,
        skipped: expect.stringMatching(/BAD row 0: open must lie within low\.\.high/),
      },
    ]);
    expect(Array.from((await store.requestBars("BAD", "1d"))!.close)).toEqual([100, 101, 102, 103]);

    // 21:00 New York (02:00 UTC the next day): January 11's bar is final.
    const after = (await runTool(
      fetchBars,
      { symbols: ["AAPL"] },
      context(Date.UTC(2024, 0, 12, 2)),
    )) as Fetched;
    expect(after.symbols[0]).toMatchObject({ fetched: 1, heldBack: 0 });
    const closes = (await store.requestBars("AAPL", "1d", { startMs: 0 }))!;
    expect(closes.timestampMs.length).toBe(10);
  });

  it("writes nothing of a symbol whose new bars do not continue the stored ones, a split allowed for", async () => {
    fake.splits.length = 0;
    const stored = (symbol: string, close: number) => {
      const prices = () => new Float64Array(4).fill(close);
      return {
        symbol,
        timestampMs: Float64Array.from([0, 1, 2, 3], day),
        open: prices(),
        high: prices(),
        low: prices(),
        close: prices(),
        volume: new Float64Array(4).fill(10),
      };
    };
    // The store's DEMO closes at 50 (another source's series); the provider's opens at 104.
    await store.writeBars("1d", [stored("DEMO", 50), stored("SPLIT", 210)]);
    fake.bars.set("DEMO", fake.bars.get("AAPL")!);
    // SPLIT halves on January 6, 2-for-1: 104 after 210 is a 1% move.
    fake.bars.set("SPLIT", fake.bars.get("AAPL")!);
    fake.splits.push({ ticker: "SPLIT", execution_date: "2024-01-06", split_from: 1, split_to: 2 });
    const now = Date.UTC(2024, 0, 12, 2);
    const result = (await runTool(fetchBars, { symbols: undefined }, context(now))) as Fetched;
    expect(
      result.symbols.map(({ symbol, fetched, skipped }) => [symbol, fetched, skipped]),
    ).toEqual([
      [
        "DEMO",
        0,
        "DEMO: the provider's bars do not meet the stored ones: the stored close 50 on 2024-01-05, then the provider's open 104 on 2024-01-06, 108% apart, so nothing was written. The stored bars look like another source's (the demo market's, or another vendor's)",
      ],
      ["SPLIT", 6, undefined],
    ]);
    expect((await store.requestBars("DEMO", "1d"))!.close.length).toBe(4);
    expect(await store.requestCorporateActions("DEMO")).toEqual([]);
    // Asked for by name, the refusal is the answer.
    await expect(runTool(fetchBars, { symbols: ["DEMO"] }, context(now))).rejects.toMatchObject({
      code: "invalid_data",
    });
    // A backfill meets the stored bars at their start: 103 on the 5th, then 50 on the 6th.
    await store.writeBars("1d", [
      { ...stored("LATE", 50), timestampMs: Float64Array.from([4, 5, 6, 7], day) },
    ]);
    fake.bars.set("LATE", fake.bars.get("AAPL")!);
    await expect(
      runTool(fetchBars, { symbols: ["LATE"], start: iso(0) }, context(now)),
    ).rejects.toThrow(
      "LATE: the provider's bars do not meet the stored ones: the provider's close 103 on 2024-01-05, then the stored open 50 on 2024-01-06, 51% apart",
    );
    expect((await store.requestBars("LATE", "1d"))!.close.length).toBe(4);
  });

  it("needs a start for a symbol not stored yet, and stops at a refused key", async () => {
    await expect(runTool(fetchBars, { symbols: ["MSFT"] }, context())).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/^MSFT has no stored 1d bars to bring up to date: give start/),
      issues: [expect.objectContaining({ path: ["start"] })],
    });
    await runTool(fetchBars, { symbols: ["AAPL"], start: iso(0), end: iso(3) }, context());
    await expect(runTool(fetchBars, {}, context(undefined, "wrong-key"))).rejects.toMatchObject({
      code: "provider_auth",
    });
  });

  it("refuses inconsistent vendor bars before they reach the store", async () => {
    fake.bars.set("BAD", [{ t: day(0), o: 10, h: 9, l: 8, c: 9, v: 1 }]);
    await expect(
      runTool(fetchBars, { symbols: ["BAD"], start: iso(0), end: iso(1) }, context()),
    ).rejects.toMatchObject({
      code: "invalid_data",
      message: expect.stringMatching(/BAD row 0: open must lie within low\.\.high/),
    });
    expect(await store.requestBars("BAD", "1d")).toBeUndefined();
  });

  it("says which variable to set when no provider is configured", async () => {
    await expect(
      runTool(fetchBars, { symbols: ["AAPL"], start: iso(0) }, testContext(store)),
    ).rejects.toMatchObject({
      code: "provider_missing",
      message: expect.stringMatching(
        /set APCA_API_KEY_ID and APCA_API_SECRET_KEY .*, or POLYGON_API_KEY/,
      ),
    });
  });

  it("refuses bad input, naming the field", async () => {
    await expect(
      runTool(fetchBars, { symbols: [], start: iso(0) }, context()),
    ).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: ["symbols"] })],
    });
  });
});
