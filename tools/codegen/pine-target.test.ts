import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec, strategyId } from "../strategy/spec-schema.ts";
import { checkPine } from "./check/pine-checker.ts";
import { runPine, type PineRunOptions } from "./check/pine-interpreter.ts";
import { generateStrategyCode } from "./generate.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import { parityCases } from "./parity/specs.ts";

let bars: BarSeries[];

beforeAll(async () => {
  bars = await readBarsCsv(parityMarketCsv());
});

afterEach(() => {
  vi.useRealTimers();
});

const example = { ...issueExampleSpec, universe: ["AAA"] };
const secret = 'a "quoted" back\\slash secret';

function run(code: string, options: Partial<PineRunOptions> = {}) {
  return runPine(code, {
    bars: bars.find((series) => series.symbol === "AAA")!,
    ticker: "AAA",
    timeframeSeconds: 86_400,
    inputs: { "Webhook secret": secret },
    ...options,
  });
}

describe("generateStrategyCode for pine", () => {
  it("writes Pine that passes the checker for every row of the parity table", () => {
    for (const row of parityCases) {
      const { code, filename } = generateStrategyCode(row.spec, "pine");
      expect(checkPine(code), row.title).toEqual([]);
      expect(filename).toMatch(/^[a-z0-9_]+\.pine$/);
      expect(generateStrategyCode(row.spec, "pine").code, row.title).toBe(code);
    }
  });

  it("gives identical bytes for the same strategy, whenever and however it is written", () => {
    const first = generateStrategyCode(issueExampleSpec, "pine");
    vi.useFakeTimers({ toFake: ["Date"] }); // the clock only: no timer of a shared PGlite is caught
    vi.setSystemTime(Date.UTC(2031, 6, 4, 12));
    const reordered = Object.fromEntries(Object.entries(issueExampleSpec).reverse());
    for (const spec of [reordered, { ...issueExampleSpec, side: "long", filters: [] }])
      expect(generateStrategyCode(spec, "pine")).toEqual(first);
    expect(first.code).not.toContain("2031");
    expect(first).toMatchObject({
      filename: "sma_20_50_crossover.pine",
      target: "pine",
      specHash: strategyId(parseStrategySpec(issueExampleSpec)),
      generatorVersion: "1.0.0",
    });
    expect(first.code.startsWith("//@version=6\n")).toBe(true);
    expect(first.code).toContain(`STRATEGY_ID = "${first.specHash}"`);
  });

  it("declares the bar model's settings: next-open fills, the fee in percent, one position, no margin", () => {
    const { declaration } = run(generateStrategyCode(example, "pine").code);
    expect(declaration).toMatchObject({
      title: "SMA 20/50 crossover",
      process_orders_on_close: false,
      calc_on_every_tick: false,
      calc_on_order_fills: false,
      pyramiding: 0,
      commission_type: "percent",
      commission_value: 0.01,
      slippage: 0,
      margin_long: 0,
      margin_short: 0,
      default_qty_type: "fixed",
      max_bars_back: 49,
    });
  });

  it("keeps the webhook secret out of the file: an input, empty by default", () => {
    const { code } = generateStrategyCode(example, "pine");
    expect(code).toContain(
      'webhookSecret = input.string("", "Webhook secret", display = display.none,',
    );
    const withoutSecret = run(code, { inputs: {} });
    expect(withoutSecret.alerts).toEqual([]);
    const last = bars.find((series) => series.symbol === "AAA")!.close.length - 1;
    expect(withoutSecret.logs).toEqual([
      { bar: last, message: expect.stringContaining("No webhook secret is set") },
    ]);
  });

  it("sends the alert body the endpoint reads, exactly: secret, strategy, symbol, action, side, bar time, close", () => {
    const generated = generateStrategyCode(example, "pine");
    const series = bars.find((candidate) => candidate.symbol === "AAA")!;
    const { alerts } = run(generated.code);
    expect(alerts.length).toBeGreaterThan(5);
    for (const alert of alerts) {
      expect(alert.frequency).toBe("once_per_bar_close");
      const body = JSON.parse(alert.message) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual([
        "secret",
        "strategyId",
        "symbol",
        "action",
        "side",
        "barTime",
        "price",
      ]);
      expect(body).toEqual({
        secret,
        strategyId: generated.specHash,
        symbol: "AAA",
        action: "entry",
        side: "long",
        barTime: series.timestampMs[alert.bar],
        price: series.close[alert.bar],
      });
    }
    // The recording broker never fills: every alert is an entry signal, on the signal's bar.
    const entries = run(generated.code).series("entryRule");
    expect(alerts.map((alert) => alert.bar)).toEqual(
      entries.flatMap((rule, bar) => (rule === 1 ? [bar] : [])),
    );
  });

  it("refuses a chart of another symbol or timeframe, and accepts TradingView's spelling of a pair", () => {
    const { code } = generateStrategyCode(example, "pine");
    expect(() => run(code, { ticker: "BBB" })).toThrow(
      "runtime.error: This strategy trades AAA; this chart shows BBB.",
    );
    expect(() => run(code, { timeframeSeconds: 3600 })).toThrow(
      "This strategy runs on 1d bars; this chart's timeframe is 3600S.",
    );
    expect(() => run(code, { ticker: "aaa" })).not.toThrow();
    const pair = generateStrategyCode({ ...example, universe: ["BTC/USD"] }, "pine").code;
    const btc = bars.find((series) => series.symbol === "BTC/USD")!;
    expect(() => run(pair, { bars: btc, ticker: "BTCUSD" })).not.toThrow();
  });

  it("keeps user text inside comments and string literals, whatever it holds", () => {
    const name = 'x\n"quoted"\\ strategy("pwned")\r\u2028y';
    const { code, filename } = generateStrategyCode(
      { ...example, name, description: "a\r\nb\u000bc" },
      "pine",
    );
    expect(checkPine(code)).toEqual([]);
    expect(filename).toBe("x_quoted_strategy_pwned_y.pine");
    expect(code).toContain('  "x \\"quoted\\"\\\\ strategy(\\"pwned\\")  y",');
    for (const line of code.split("\n").filter((text) => text.includes("pwned")))
      expect(line.startsWith("//") || line.startsWith('  "x')).toBe(true);
  });

  it("refuses, by name, what Pine cannot hold", () => {
    const longSma = { ...example, entry: { gt: ["close", { sma: { period: 6000 } }] } };
    expect(() => generateStrategyCode(longSma, "pine")).toThrow(
      'the pine target reads at most 5000 bars of history (Pine\'s max_bars_back); sma {"period":6000} needs 5999',
    );
    const longLag = { ...example, entry: { gt: ["close", { lag: { of: "close", bars: 7000 } }] } };
    expect(() => generateStrategyCode(longLag, "pine")).toThrow("lag of 7000 bars needs 7000");
    const universe = Array.from({ length: 600 }, (_, index) => `SYMBOL${index}`);
    expect(() => generateStrategyCode({ ...example, universe }, "pine")).toThrow(
      "a universe of 600 symbols is too long for one script",
    );
  });

  it("refuses what the engine would refuse, with the engine's message", () => {
    const spec = { ...example, entry: { gt: [{ macd: { fast: 30, output: "macd" } }, 0] } };
    expect(() => generateStrategyCode(spec, "pine")).toThrow(
      "`fast` must be smaller than `slow` (was 30 and 26)",
    );
  });
});
