import { describe, expect, it } from "vitest";
import type { Market } from "../calendar/sessions.ts";
import type { StrategySpec } from "../strategy/spec.ts";
import type { BarSeries } from "../types.ts";
import { ValidationContext } from "./context.ts";
import { builtInRules } from "./rules/index.ts";
import { runRule } from "./runner.ts";
import { barsAt, dailyTimes, intradayTimes, specOf, walkCloses } from "./test-markets.ts";
import type { RuleOutcome, SignalFunction, ValidationInput } from "./types.ts";

const hourMs = 3_600_000;
const options = { initialCash: 100_000, startMs: null, endMs: null };

function check(id: string, input: ValidationInput, signals?: SignalFunction): RuleOutcome {
  const rule = builtInRules.find((each) => each.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return runRule(rule, new ValidationContext(input, signals));
}

function input(
  bars: BarSeries,
  market: Market,
  spec: StrategySpec,
  extra: Partial<ValidationInput> = {},
): ValidationInput {
  return { spec, bars: [bars], markets: [market], options, seed: 3, ...extra };
}

/** Long while the close is above its 10-bar average: trades often enough on a random walk. */
const trend = (symbol: string, overrides: Partial<StrategySpec> = {}) =>
  specOf(
    [symbol],
    { gt: ["close", { sma: { period: 10 } }] },
    { lt: ["close", { sma: { period: 10 } }] },
    overrides,
  );

/** Inserts a bar at `timeMs` (keeping time order), priced like its neighbour. */
function withBarAt(times: number[], timeMs: number): number[] {
  return [...times, timeMs].sort((a, b) => a - b);
}

describe("asset-class rules on crafted data", () => {
  it("fx-weekend-bars: a Saturday FX bar fails, the 24/5 calendar passes", () => {
    const times = dailyTimes("FX", "2023-01-02", 120);
    const clean = barsAt("EUR/USD", times, walkCloses(times.length, 1, 1.1, 0.005));
    expect(check("fx-weekend-bars", input(clean, "FX", trend("EUR/USD"))).status).toBe("pass");
    const saturday = Date.UTC(2023, 1, 4); // 2023-02-04 was a Saturday
    const dirty = withBarAt(times, saturday);
    const bars = barsAt("EUR/USD", dirty, walkCloses(dirty.length, 1, 1.1, 0.005));
    const outcome = check("fx-weekend-bars", input(bars, "FX", trend("EUR/USD")));
    expect(outcome.status).toBe("fail");
    expect(outcome.value).toBe(1);
  });

  it("fx-weekend-bars: an hourly FX bar on Saturday noon fails, Sunday 17:00 New York on passes", () => {
    const times = intradayTimes("FX", "2023-03-06", "2023-03-17", hourMs);
    const clean = barsAt("EUR/USD", times, walkCloses(times.length, 2, 1.1, 0.001));
    const spec = trend("EUR/USD", { timeframe: "1h" });
    expect(check("fx-weekend-bars", input(clean, "FX", spec)).status).toBe("pass");
    const dirty = withBarAt(times, Date.UTC(2023, 2, 11, 12));
    const bars = barsAt("EUR/USD", dirty, walkCloses(dirty.length, 2, 1.1, 0.001));
    expect(check("fx-weekend-bars", input(bars, "FX", spec)).status).toBe("fail");
  });

  it("fx-pip-costs: zero costs fail, a spread's worth passes", () => {
    const times = dailyTimes("FX", "2023-01-02", 120);
    const bars = barsAt("EUR/USD", times, walkCloses(times.length, 1, 1.1, 0.005));
    const free = trend("EUR/USD", { costs: { feeBps: 0, slippageBps: 0 } });
    expect(check("fx-pip-costs", input(bars, "FX", free)).status).toBe("fail");
    // Half a pip at 1.10 is 0.45 bps; 1 bps a side covers it.
    const costed = trend("EUR/USD", { costs: { feeBps: 0.5, slippageBps: 0.5 } });
    expect(check("fx-pip-costs", input(bars, "FX", costed)).status).toBe("pass");
  });

  it("equities-weekend-bars: a Saturday equity bar fails, NYSE sessions pass", () => {
    const times = dailyTimes("NYSE", "2023-01-03", 120);
    const clean = barsAt("ACME", times, walkCloses(times.length, 3));
    expect(check("equities-weekend-bars", input(clean, "NYSE", trend("ACME"))).status).toBe("pass");
    const dirty = withBarAt(times, Date.UTC(2023, 2, 4)); // Saturday 2023-03-04
    const bars = barsAt("ACME", dirty, walkCloses(dirty.length, 3));
    const outcome = check("equities-weekend-bars", input(bars, "NYSE", trend("ACME")));
    expect(outcome.status).toBe("fail");
    expect(outcome.message).toMatch(/2023-03-04/);
    expect(check("data-bars-outside-sessions", input(bars, "NYSE", trend("ACME"))).status).toBe(
      "fail",
    );
  });

  it("equities-short-borrow: a short equity spec warns, a long one passes", () => {
    const times = dailyTimes("NYSE", "2023-01-03", 120);
    const bars = barsAt("ACME", times, walkCloses(times.length, 3));
    expect(
      check("equities-short-borrow", input(bars, "NYSE", trend("ACME", { side: "short" }))).status,
    ).toBe("warn");
    expect(check("equities-short-borrow", input(bars, "NYSE", trend("ACME"))).status).toBe("pass");
  });

  describe("equities-pattern-day-trader", () => {
    // 30-minute NYSE bars for the week of 2024-03-04; signals at the 10:00 bar (fill 10:30) and
    // the 12:00 bar (fill 12:30) of the chosen days make one day trade on each of them.
    const times = intradayTimes("NYSE", "2024-03-04", "2024-03-08", 30 * 60_000);
    const bars = barsAt("ACME", times, walkCloses(times.length, 4, 50, 0.002));
    const spec = specOf(["ACME"], false, false, { timeframe: "30m" });
    const dayTradesOn =
      (days: number): SignalFunction =>
      (_, series) => {
        const entry = new Uint8Array(series.close.length);
        const exit = new Uint8Array(series.close.length);
        series.timestampMs.forEach((time, row) => {
          const date = new Date(time);
          if (date.getUTCDate() - 4 >= days) return;
          // March 2024 before the 10th is standard time: New York is UTC-5.
          if (date.getUTCHours() === 15 && date.getUTCMinutes() === 0) entry[row] = 1;
          if (date.getUTCHours() === 17 && date.getUTCMinutes() === 0) exit[row] = 1;
        });
        return { entry, exit };
      };

    it("fails 5 day trades in a week in a $10,000 account", () => {
      const outcome = check(
        "equities-pattern-day-trader",
        input(bars, "NYSE", spec, { account: { equity: 10_000 } }),
        dayTradesOn(5),
      );
      expect(outcome.status).toBe("fail");
      expect(outcome.value).toBe(5);
    });

    it("passes the same trades in a $30,000 account, and 3 day trades in a $10,000 one", () => {
      expect(
        check(
          "equities-pattern-day-trader",
          input(bars, "NYSE", spec, { account: { equity: 30_000 } }),
          dayTradesOn(5),
        ).status,
      ).toBe("pass");
      const few = check(
        "equities-pattern-day-trader",
        input(bars, "NYSE", spec, { account: { equity: 10_000 } }),
        dayTradesOn(3),
      );
      expect(few.status).toBe("pass");
      expect(few.value).toBe(3);
    });
  });

  describe("CME micro futures", () => {
    // Hourly MES bars stamped at each Globex hour, 18:00 New York to 16:00 the next day.
    const times = intradayTimes("CME", "2024-01-08", "2024-01-19", hourMs);
    const closes = walkCloses(times.length, 6, 4000, 0.002);
    const futures = [{ symbol: "MES", multiplier: 5, continuous: true }];
    const spec = trend("MES", { timeframe: "1h", sizing: { fractionOfEquity: 0.5 } });

    it("futures-maintenance-break: a bar at 17:30 New York fails, Globex hours pass", () => {
      const clean = barsAt("MES", times, closes);
      expect(
        check("futures-maintenance-break", input(clean, "CME", spec, { futures })).status,
      ).toBe("pass");
      // 2024-01-10 17:30 New York (EST) is 22:30 UTC, inside the 16:00-17:00 Chicago break.
      const dirty = withBarAt(times, Date.UTC(2024, 0, 10, 22, 30));
      const bars = barsAt("MES", dirty, walkCloses(dirty.length, 6, 4000, 0.002));
      const outcome = check("futures-maintenance-break", input(bars, "CME", spec, { futures }));
      expect(outcome.status).toBe("fail");
      expect(outcome.message).toMatch(/2024-01-10 22:30 UTC/);
    });

    it("futures-fractional-contracts: $50,000 of MES near 4000 is 2.5 contracts; $10M is whole enough", () => {
      const bars = barsAt("MES", times, closes);
      // 0.5 × $100,000 / (4000 × $5) = 2.5 contracts; rounding to 3 changes the position by 20%.
      const small = check("futures-fractional-contracts", input(bars, "CME", spec, { futures }));
      expect(small.status).not.toBe("pass");
      expect(small.message).toMatch(/fractional/);
      const large = check(
        "futures-fractional-contracts",
        input(bars, "CME", spec, { futures, account: { equity: 10_000_000 } }),
      );
      expect(large.status).toBe("pass");
    });

    it("futures-below-one-contract: a $10,000 account holds a quarter contract", () => {
      const bars = barsAt("MES", times, closes);
      expect(
        check(
          "futures-below-one-contract",
          input(bars, "CME", spec, { futures, account: { equity: 10_000 } }),
        ).status,
      ).toBe("fail");
      expect(
        check("futures-below-one-contract", input(bars, "CME", spec, { futures })).status,
      ).toBe("pass");
    });
  });

  it("crypto: a 3-day gap fails the outage and missing-day rules, every day passes", () => {
    const times = dailyTimes("CRYPTO", "2023-01-01", 200);
    const clean = barsAt("BTC/USD", times, walkCloses(times.length, 7, 20_000, 0.03));
    const spec = trend("BTC/USD", { costs: { feeBps: 10, slippageBps: 5 } });
    expect(check("crypto-exchange-outages", input(clean, "CRYPTO", spec)).status).toBe("pass");
    expect(check("crypto-missing-days", input(clean, "CRYPTO", spec)).status).toBe("pass");
    const gapped = times.filter((_, row) => row < 100 || row > 102);
    const bars = barsAt("BTC/USD", gapped, walkCloses(gapped.length, 7, 20_000, 0.03));
    const outage = check("crypto-exchange-outages", input(bars, "CRYPTO", spec));
    expect(outage.status).toBe("fail");
    expect(outage.value).toBe(72);
    expect(check("crypto-missing-days", input(bars, "CRYPTO", spec)).status).toBe("fail");
  });

  it("tz-nyse-open-dst: sessions open at 9:30 New York across the March 2024 change; a fixed UTC-5 clock fails", () => {
    const times = intradayTimes("NYSE", "2024-02-26", "2024-03-22", 30 * 60_000);
    const spec = trend("ACME", { timeframe: "30m" });
    const right = barsAt("ACME", times, walkCloses(times.length, 8, 50, 0.002));
    const outcome = check("tz-nyse-open-dst", input(right, "NYSE", spec));
    expect(outcome.status).toBe("pass");
    expect(outcome.message).toMatch(/standard time 09:30, daylight time 09:30/);
    // A feed that converts 9:30 local with a fixed -5 hours stamps 14:30 UTC all year: 10:30 EDT.
    const shifted = times.map((time) => (time >= Date.UTC(2024, 2, 10) ? time + hourMs : time));
    const wrong = barsAt("ACME", shifted, walkCloses(shifted.length, 8, 50, 0.002));
    expect(check("tz-nyse-open-dst", input(wrong, "NYSE", spec)).status).toBe("fail");
  });
});
