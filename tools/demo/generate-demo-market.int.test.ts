import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { getBars } from "../bars/get-bars.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { builtinUniverses } from "../universes/builtin.ts";
import { generateDemoMarket } from "./generate-demo-market.ts";
import { pearson } from "../../test/support/pearson.ts";

interface Output {
  imported: number;
  symbols: {
    symbol: string;
    assetClass: string;
    market: string;
    regime: string;
    contracts?: { count: number; first: string; last: string };
  }[];
  corporateActions: number;
  firstTime: string;
  lastTime: string;
}
interface Bars {
  bars: { time: string; close: number }[];
  rolls: { date: string; from: string; to: string; gap: number }[];
}

let store: Store;
let output: Output;
beforeAll(async () => {
  store = await createTestStore();
  output = (await runTool(generateDemoMarket, {}, testContext(store))) as Output;
}, 60_000);
afterAll(async () => {
  await store.close();
});

const bars = (input: unknown) => runTool(getBars, input, testContext(store)) as Promise<Bars>;

function returnCorrelation(a: Bars["bars"], b: Bars["bars"]): number {
  const closeOf = new Map(b.map((bar) => [bar.time, bar.close]));
  const x: number[] = [];
  const y: number[] = [];
  let previous: [number, number] | undefined;
  for (const bar of a) {
    const other = closeOf.get(bar.time);
    if (other === undefined) continue;
    if (previous) {
      x.push(Math.log(bar.close / previous[0]));
      y.push(Math.log(other / previous[1]));
    }
    previous = [bar.close, other];
  }
  return pearson(x, y);
}

describe("generate_demo_market with no symbols", () => {
  it("creates every symbol of the built-in universes, the made-up names and SPY", () => {
    const made = new Map(output.symbols.map((entry) => [entry.symbol, entry]));
    for (const universe of builtinUniverses)
      for (const symbol of universe.symbols) expect(made.has(symbol), symbol).toBe(true);
    expect(made.get("ACME")).toMatchObject({
      assetClass: "stock",
      market: "NYSE",
      regime: "trending",
    });
    expect(made.get("EUR/USD")).toMatchObject({
      assetClass: "fx",
      market: "FX",
      regime: "randomWalk",
    });
    expect(made.get("BTC/USD")).toMatchObject({ assetClass: "crypto", market: "CRYPTO" });
    expect(made.get("MES")).toMatchObject({
      assetClass: "future",
      market: "CME",
      contracts: { count: 21, first: "MESH20", last: "MESH25" },
    });
    expect(output.firstTime).toBe("2020-01-02T00:00:00.000Z");
    expect(output.lastTime).toBe("2024-12-31T00:00:00.000Z");
    expect(output.imported).toBeGreaterThan(60_000);
  });

  it("serves a continuous MES through get_bars whose returns track SPY's", async () => {
    const mes = await bars({ symbol: "MES" });
    const spy = await bars({ symbol: "SPY" });
    expect(mes.rolls.length).toBe(20);
    expect(mes.rolls[0]).toMatchObject({ date: "2020-03-12", from: "MESH20", to: "MESM20" });
    expect(mes.rolls.every((roll) => roll.gap !== 0)).toBe(true);
    expect(mes.bars.every((bar) => bar.time.endsWith("T00:00:00.000Z"))).toBe(true);
    expect(returnCorrelation(mes.bars, spy.bars)).toBeGreaterThan(0.95);
    // MCL rolls monthly; MGC's contracts stitch too.
    expect((await bars({ symbol: "MCL" })).rolls.length).toBeGreaterThan(55);
    expect((await bars({ symbol: "MGC" })).bars.length).toBeGreaterThan(1200);
  });

  it("stores the splits and dividends it planted, so get_bars adjusts offline", async () => {
    const acme = await bars({ symbol: "ACME" });
    const raw = await bars({ symbol: "ACME", adjusted: false });
    expect(acme.bars.at(-1)!.close).toBe(raw.bars.at(-1)!.close);
    expect(raw.bars[0]!.close / acme.bars[0]!.close).toBeCloseTo(4, 6);
    expect(output.corporateActions).toBeGreaterThan(300);
  });
});

describe("generate_demo_market refuses bad input, naming the field", () => {
  it.each([
    [{ universe: "fx-majors" }, [], /Unrecognized key/],
    [{ symbols: ["SPY", "EUR/JPY"] }, ["symbols", 1], /no synthetic model for this pair/],
    [{ symbols: ["MESZ24"] }, ["symbols", 0], /ask for the root MES/],
    [{ symbols: ["btc/usd"] }, ["symbols", 0], /case-sensitive; write BTC\/USD/],
    [{ symbols: [] }, ["symbols"], /too small/i],
    [{ years: 51 }, ["years"], /too big/i],
    [{ seed: -1 }, ["seed"], /too small/i],
  ])("%j", async (input, path, message) => {
    await expect(runTool(generateDemoMarket, input, testContext(store))).rejects.toMatchObject({
      code: "invalid_input",
      issues: expect.arrayContaining([
        expect.objectContaining({ path, message: expect.stringMatching(message) }),
      ]),
    });
  });

  it("will not write over a store holding daily bars stamped 21:00 UTC", async () => {
    const own = await createTestStore();
    try {
      const at = Date.UTC(2020, 0, 2, 21);
      const column = () => Float64Array.of(100);
      await own.writeBars("1d", [
        {
          symbol: "SPY",
          timestampMs: Float64Array.of(at),
          open: column(),
          high: column(),
          low: column(),
          close: column(),
          volume: column(),
        },
      ]);
      await expect(
        runTool(generateDemoMarket, { symbols: ["SPY"], years: 1 }, testContext(own)),
      ).rejects.toMatchObject({
        code: "invalid_data",
        message: expect.stringMatching(/SPY stamped at another hour/),
      });
    } finally {
      await own.close();
    }
  });
});
