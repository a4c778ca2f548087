import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { AlphadeskError } from "../errors.ts";
import type { Store } from "../ports/store.ts";

const dayMs = 86_400_000;
const firstMs = Date.UTC(2024, 0, 2, 21);

function series(symbol: string, count: number, offset = 0): BarSeries {
  const times = Float64Array.from({ length: count }, (_, i) => firstMs + (i + offset) * dayMs);
  const close = Float64Array.from({ length: count }, (_, i) => 100 + i + 0.125);
  return {
    symbol,
    timestampMs: times,
    open: close.map((c) => c - 0.5),
    high: close.map((c) => c + 1.25),
    low: close.map((c) => c - 1.5),
    close,
    volume: close.map((c) => c * 1000),
  };
}

/** One contract for every Store adapter: the same expectations on PGlite and on PostgreSQL servers. */
export function storeContract(name: string, createStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it("round-trips bars exactly, timestamps as epoch ms", async () => {
      const bars = series("AAA", 30);
      bars.close[3] = 0.1 + 0.2; // a value with no short decimal form
      bars.low[3] = 0.25;
      bars.open[3] = 0.3;
      await expect(store.writeBars("1d", [bars])).resolves.toEqual({
        imported: 30,
        symbols: ["AAA"],
      });
      const read = await store.requestBars("AAA", "1d");
      expect(read).toEqual(bars);
    });

    it("serves inclusive time ranges and keeps timeframes apart", async () => {
      await store.writeBars("1d", [series("AAA", 10)]);
      await store.writeBars("1h", [series("AAA", 3)]);
      const read = await store.requestBars("AAA", "1d", {
        startMs: firstMs + 2 * dayMs,
        endMs: firstMs + 5 * dayMs,
      });
      expect(Array.from(read!.timestampMs)).toEqual([2, 3, 4, 5].map((i) => firstMs + i * dayMs));
      expect((await store.requestBars("AAA", "1h"))!.close.length).toBe(3);
      expect(
        await store.requestBars("AAA", "1d", { startMs: firstMs + 100 * dayMs }),
      ).toBeUndefined();
      expect(await store.requestBars("ZZZ", "1d")).toBeUndefined();
    });

    it("replaces rows with the same symbol, timeframe and time", async () => {
      await store.writeBars("1d", [series("AAA", 5)]);
      const revised = series("AAA", 3, 3);
      revised.close.fill(200);
      revised.high.fill(210);
      await store.writeBars("1d", [revised]);
      const read = await store.requestBars("AAA", "1d");
      expect(Array.from(read!.close)).toEqual([100.125, 101.125, 102.125, 200, 200, 200]);
    });

    it("writes many symbols in one call and summarizes them", async () => {
      await store.writeBars("1d", [series("BBB", 4), series("AAA", 7, 2)]);
      expect(await store.listSymbols("1d")).toEqual([
        {
          symbol: "AAA",
          timeframe: "1d",
          bars: 7,
          firstMs: firstMs + 2 * dayMs,
          lastMs: firstMs + 8 * dayMs,
        },
        { symbol: "BBB", timeframe: "1d", bars: 4, firstMs, lastMs: firstMs + 3 * dayMs },
      ]);
      expect(await store.listSymbols("1h")).toEqual([]);
    });

    it("writes nothing when any row is refused", async () => {
      await store.writeBars("1d", [series("AAA", 3)]);
      const bad = series("CCC", 5);
      bad.high[4] = 1; // high below low: the database's check constraint refuses it
      const error = await store
        .writeBars("1d", [series("BBB", 50_000), bad])
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AlphadeskError);
      expect((error as AlphadeskError).code).toBe("invalid_data");
      expect((error as AlphadeskError).message).toMatch(
        /bars_ohlc_consistent.*nothing was written/,
      );
      expect((await store.listSymbols()).map((summary) => summary.symbol)).toEqual(["AAA"]);
      expect(await store.requestBars("BBB", "1d")).toBeUndefined();
    });

    it("stores a strategy once under its id", async () => {
      const id = "f".repeat(64);
      const first = await store.saveStrategy({
        id,
        name: "first",
        spec: { universe: ["AAA"], nested: [1, { a: null }] },
      });
      const again = await store.saveStrategy({ id, name: "second", spec: {} });
      expect(again).toEqual(first);
      expect(first).toMatchObject({
        id,
        name: "first",
        spec: { universe: ["AAA"], nested: [1, { a: null }] },
      });
      expect(await store.requestStrategy("0".repeat(64))).toBeUndefined();
    });

    it("round-trips a backtest, JSON columns included", async () => {
      const strategy = await store.saveStrategy({ id: "a".repeat(64), name: "s", spec: {} });
      const saved = await store.saveBacktest({
        strategyId: strategy.id,
        startMs: firstMs,
        endMs: null,
        initialCash: 100_000,
        metrics: { sharpe: 1.25, cagr: null },
        trades: [{ symbol: "AAA", pnl: -3.5 }],
        equity: [{ time: "2024-01-02T21:00:00.000Z", value: 100_000 }],
        benchmarks: { buyAndHold: { metrics: { totalReturn: 0.1 } } },
      });
      expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await store.requestBacktest(saved.id)).toEqual(saved);
      expect(await store.requestBacktest("00000000-0000-0000-0000-000000000000")).toBeUndefined();
      expect(await store.requestBacktest("not-a-uuid")).toBeUndefined();
    });

    it("lists strategies and backtests newest first, up to a limit, without bulky columns", async () => {
      expect(await store.listStrategies(10)).toEqual([]);
      expect(await store.listBacktests(10)).toEqual([]);
      const older = await store.saveStrategy({ id: "1".repeat(64), name: "older", spec: {} });
      const newer = await store.saveStrategy({ id: "2".repeat(64), name: "newer", spec: { a: 1 } });
      const run = (strategyId: string, startMs: number | null) =>
        store.saveBacktest({
          strategyId,
          startMs,
          endMs: null,
          initialCash: 1000,
          metrics: { trades: 2 },
          trades: [{ pnl: 1 }],
          equity: [],
          benchmarks: {},
        });
      const first = await run(older.id, firstMs);
      const second = await run(newer.id, null);
      const strategies = await store.listStrategies(10);
      expect(strategies.map((strategy) => strategy.name).sort()).toEqual(["newer", "older"]);
      expect(strategies[0]).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        createdAtMs: expect.any(Number),
      });
      expect(await store.listStrategies(1)).toHaveLength(1);
      const backtests = await store.listBacktests(10);
      expect(backtests.map((backtest) => backtest.id).sort()).toEqual([first.id, second.id].sort());
      const { id, strategyId, startMs, endMs, initialCash, metrics, createdAtMs } = first;
      expect(backtests.find((backtest) => backtest.id === first.id)).toEqual({
        id,
        strategyId,
        startMs,
        endMs,
        initialCash,
        metrics,
        createdAtMs,
      });
      expect(backtests[0]!.createdAtMs).toBeGreaterThanOrEqual(backtests[1]!.createdAtMs);
      expect(await store.listBacktests(1)).toHaveLength(1);
    });

    it("creates, replaces and lists user-defined universes", async () => {
      const first = await store.saveUniverse({
        name: "my-tech",
        description: "Tech names",
        symbols: ["AAPL", "MSFT"],
      });
      expect(first).toMatchObject({
        created: true,
        universe: { name: "my-tech", description: "Tech names", symbols: ["AAPL", "MSFT"] },
      });
      const second = await store.saveUniverse({
        name: "my-tech",
        description: "",
        symbols: ["NVDA"],
      });
      expect(second).toMatchObject({ created: false, universe: { symbols: ["NVDA"] } });
      await store.saveUniverse({
        name: "banks",
        description: "",
        symbols: ["JPM", "BAC", "BRK.B"],
      });
      expect(
        (await store.listUniverses()).map((universe) => [universe.name, universe.symbols]),
      ).toEqual([
        ["banks", ["JPM", "BAC", "BRK.B"]],
        ["my-tech", ["NVDA"]],
      ]);
      await expect(
        store.saveUniverse({ name: "Bad Name", description: "", symbols: ["A"] }),
      ).rejects.toMatchObject({ code: "invalid_data" });
    });

    it("stores splits and dividends, replacing by symbol, ex-date and kind", async () => {
      const exDate = Date.UTC(2024, 5, 10);
      await store.writeCorporateActions([
        { symbol: "AAA", kind: "dividend", exDateMs: Date.UTC(2024, 2, 1), amount: 0.25 },
        { symbol: "AAA", kind: "split", exDateMs: exDate, ratio: 10 },
        { symbol: "BBB", kind: "split", exDateMs: exDate, ratio: 0.5 },
      ]);
      await store.writeCorporateActions([
        { symbol: "AAA", kind: "dividend", exDateMs: Date.UTC(2024, 2, 1), amount: 0.3 },
      ]);
      expect(await store.requestCorporateActions("AAA")).toEqual([
        { kind: "dividend", exDateMs: Date.UTC(2024, 2, 1), amount: 0.3 },
        { kind: "split", exDateMs: exDate, ratio: 10 },
      ]);
      expect(await store.requestCorporateActions("ZZZ")).toEqual([]);
      await expect(
        store.writeCorporateActions([
          { symbol: "AAA", kind: "split", exDateMs: exDate, ratio: -1 },
        ]),
      ).rejects.toMatchObject({
        code: "invalid_data",
      });
    });

    it("keeps correlation snapshots and their regime events, each event once", async () => {
      const symbols = ["SPY", "TLT", "EUR/USD"];
      const snapshot = {
        symbols,
        timeframe: "1d" as const,
        windowBars: 60,
        asOfMs: Date.UTC(2024, 5, 28),
        matrix: [1, -0.25, 0.1 + 0.2, -0.25, 1, 0, 0.1 + 0.2, 0, 1],
        averageCorrelation: (0.1 + 0.2 - 0.25) / 3,
        firstEigenShare: 0.4375,
      };
      const rise = {
        atMs: Date.UTC(2024, 5, 3),
        metric: "averageCorrelation" as const,
        direction: "rise" as const,
        value: 0.5,
        baseline: 0.25,
        shift: 0.25,
      };
      const first = await store.saveCorrelationSnapshot(snapshot, [rise]);
      expect(first.newEvents).toBe(1);
      expect(first.snapshot).toEqual({
        ...snapshot,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        createdAtMs: expect.any(Number),
      });
      const fall = {
        ...rise,
        atMs: Date.UTC(2024, 5, 20),
        direction: "fall" as const,
        shift: -0.2,
      };
      const second = await store.saveCorrelationSnapshot(snapshot, [rise, fall]);
      expect(second.newEvents).toBe(1);
      // Another set and window keep their own history.
      await store.saveCorrelationSnapshot({ ...snapshot, symbols: ["TLT", "SPY", "EUR/USD"] }, [
        rise,
      ]);
      await store.saveCorrelationSnapshot({ ...snapshot, windowBars: 20 }, []);

      const history = await store.listCorrelationSnapshots({ symbols, windowBars: 60, limit: 10 });
      expect(history.map((row) => row.id).sort()).toEqual(
        [first.snapshot.id, second.snapshot.id].sort(),
      );
      expect(history[0]!.createdAtMs).toBeGreaterThanOrEqual(history[1]!.createdAtMs);
      expect(await store.listCorrelationSnapshots({ limit: 10 })).toHaveLength(4);
      expect(await store.listCorrelationSnapshots({ limit: 1 })).toHaveLength(1);

      const events = await store.listRegimeEvents({ symbols, windowBars: 60, limit: 10 });
      const context = { symbols, timeframe: "1d", windowBars: 60 };
      expect(events).toEqual([
        { ...context, ...fall },
        { ...context, ...rise },
      ]);
      expect(await store.listRegimeEvents({ limit: 10 })).toHaveLength(3);
      expect(await store.listRegimeEvents({ symbols: ["SPY"], limit: 10 })).toEqual([]);
    });

    it("logs a scan and each regime change that is news as events, in order, with subscriber cursors", async () => {
      expect(await store.lastEventId()).toBe(0);
      const scan = {
        options: {},
        symbols: ["SPY", "QQQ"],
        families: ["momentum"],
        timeframe: "1d",
        startedMs: 0,
      };
      await store.saveScan({ ...scan, candidatesTested: 12 }, []);
      const snapshot = {
        symbols: ["SPY", "TLT"],
        timeframe: "1d" as const,
        windowBars: 60,
        asOfMs: Date.UTC(2024, 5, 28),
        matrix: [1, 0.5, 0.5, 1],
        averageCorrelation: 0.5,
        firstEigenShare: 0.75,
      };
      const rise = {
        atMs: Date.UTC(2024, 5, 3),
        metric: "averageCorrelation" as const,
        direction: "rise" as const,
        value: 0.5,
        baseline: 0.25,
        shift: 0.25,
      };
      // A first snapshot's history is not news; a change on its as-of date is.
      const today = { ...rise, atMs: snapshot.asOfMs, direction: "fall" as const, shift: -0.25 };
      const saved = await store.saveCorrelationSnapshot(snapshot, [rise, today]);
      expect(saved.newEvents).toBe(2);
      // The next refresh: changes since the previous snapshot are news, known ones are not.
      const later = { ...rise, atMs: Date.UTC(2024, 6, 2) };
      const next = { ...snapshot, asOfMs: Date.UTC(2024, 6, 5) };
      const refreshed = await store.saveCorrelationSnapshot(next, [rise, today, later]);
      const events = await store.readEvents({ afterId: 0, limit: 10 });
      expect(events.map((event) => event.topic)).toEqual([
        "scan.completed",
        "correlation.regime",
        "correlation.regime",
      ]);
      expect(events[0]!.payload).toMatchObject({
        symbolsScanned: 2,
        candidatesTested: 12,
        findings: 0,
        newFindings: [],
        decayed: 0,
      });
      const context = { symbols: ["SPY", "TLT"], timeframe: "1d", windowBars: 60 };
      expect(events[1]!.payload).toEqual({ snapshotId: saved.snapshot.id, ...context, ...today });
      expect(events[2]!.payload).toEqual({
        snapshotId: refreshed.snapshot.id,
        ...context,
        ...later,
      });
      expect(events[1]!.id).toBeGreaterThan(events[0]!.id);
      expect(await store.lastEventId()).toBe(events[2]!.id);
      expect(
        await store.readEvents({ afterId: events[0]!.id, topics: ["scan.completed"], limit: 10 }),
      ).toEqual([]);

      expect(await store.eventCursor("slack")).toBeUndefined();
      await store.saveEventCursor("slack", events[2]!.id);
      await store.saveEventCursor("slack", events[0]!.id); // a late, older save never moves it back
      expect(await store.eventCursor("slack")).toBe(events[2]!.id);
    });

    it("logs no event for a scan that failed to store", async () => {
      const scan = {
        options: {},
        symbols: ["SPY"],
        families: ["momentum"],
        timeframe: "1d",
        startedMs: 0,
      };
      await expect(store.saveScan({ ...scan, candidatesTested: -1 }, [])).rejects.toThrow();
      expect(await store.lastEventId()).toBe(0);
    });

    it("keeps an optimization per request key with its trials, for resuming", async () => {
      const request = { key: "k1", template: { params: { fast: { int: [5, 50] } } }, settings: {} };
      const opened = await store.openOptimization(request);
      expect(opened.optimization).toMatchObject({ key: "k1", state: "running", result: null });
      expect(opened.trials).toEqual([]);
      const trial = {
        stage: "main",
        number: 0,
        params: { fast: 10 },
        state: "complete" as const,
        value: 0.1 + 0.2,
        metrics: { sharpe: 0.1 + 0.2, trades: 12, winRate: null },
        error: null,
      };
      await store.saveTrial(opened.optimization.id, trial);
      await store.saveTrial(opened.optimization.id, { ...trial, value: 9 }); // kept, not replaced
      const failed = { ...trial, number: 1, state: "failed" as const, value: null, metrics: null };
      await store.saveTrial(opened.optimization.id, { ...failed, error: "bad spec" });
      await store.saveTrial(opened.optimization.id, { ...trial, stage: "ladder:1" });
      const again = await store.openOptimization({ ...request, settings: { other: true } });
      expect(again.optimization.id).toBe(opened.optimization.id);
      expect(again.trials).toEqual([
        { ...trial, stage: "ladder:1" },
        trial,
        { ...failed, error: "bad spec" },
      ]);
      expect(await store.listTrials(opened.optimization.id, "main")).toHaveLength(2);
      await store.finishOptimization(opened.optimization.id, "completed", { best: 1 });
      expect(await store.requestOptimization(opened.optimization.id)).toMatchObject({
        state: "completed",
        result: { best: 1 },
      });
      expect(await store.requestOptimization("not-a-uuid")).toBeUndefined();
      // Last: over PGlite's socket server a refused statement ends the connection.
      await expect(
        store.saveTrial(opened.optimization.id, { ...trial, number: 2, value: NaN }),
      ).rejects.toThrow();
    });

    it("keeps custom validation rules, rule switches and versioned reports", async () => {
      const rule = {
        id: "min-sharpe",
        metric: "sharpe",
        comparison: ">=" as const,
        threshold: 1,
        severity: "warning" as const,
        message: null,
      };
      expect(await store.saveCustomRule(rule)).toEqual({ created: true });
      expect(await store.saveCustomRule({ ...rule, threshold: 1.5 })).toEqual({ created: false });
      expect(await store.listCustomRules()).toEqual([
        { ...rule, threshold: 1.5, createdAtMs: expect.any(Number) },
      ]);
      await store.setRuleDisabled("dsr-below-095", true);
      await store.setRuleDisabled("dsr-below-095", true);
      await store.setRuleDisabled("min-sharpe", true);
      await store.setRuleDisabled("min-sharpe", false);
      expect(await store.listDisabledRules()).toEqual(["dsr-below-095"]);

      const strategyId = "a".repeat(64);
      await store.saveStrategy({ id: strategyId, name: "s", spec: { name: "s" } as never });
      const first = await store.saveValidationReport({
        strategyId,
        verdict: "warn",
        report: { n: 1 },
      });
      const second = await store.saveValidationReport({
        strategyId,
        verdict: "pass",
        report: { n: 2 },
      });
      expect([first.version, second.version]).toEqual([1, 2]);
      expect(await store.latestValidationReport(strategyId)).toMatchObject({
        version: 2,
        verdict: "pass",
        report: { n: 2 },
      });
      expect(await store.latestValidationReport("b".repeat(64))).toBeUndefined();
      // Last: over PGlite's socket server a refused statement ends the connection.
      await expect(store.saveCustomRule({ ...rule, id: "Bad Id" })).rejects.toThrow();
    });

    it("refuses a validation report of an unknown strategy", async () => {
      await expect(
        store.saveValidationReport({ strategyId: "c".repeat(64), verdict: "pass", report: {} }),
      ).rejects.toThrow();
    });

    it("refuses a correlation snapshot whose matrix does not fit its symbols, writing nothing", async () => {
      const attempt = store.saveCorrelationSnapshot(
        {
          symbols: ["SPY", "TLT"],
          timeframe: "1d",
          windowBars: 60,
          asOfMs: Date.UTC(2024, 0, 2),
          matrix: [1, 0.5, 0.5],
          averageCorrelation: 0.5,
          firstEigenShare: 0.75,
        },
        [],
      );
      await expect(attempt).rejects.toMatchObject({
        code: "invalid_data",
        message: expect.stringMatching(/correlation_snapshots_matrix_square/),
      });
      expect(await store.listCorrelationSnapshots({ limit: 10 })).toEqual([]);
    });

    it("keeps currency strength snapshots, newest first, per horizon", async () => {
      const scores = [
        { currency: "EUR", score: 0.0125, rank: 1 },
        { currency: "USD", score: -0.0125, rank: 2 },
      ];
      const saved = await store.saveCurrencyStrength({
        asOfMs: Date.UTC(2024, 5, 28),
        horizonBars: 20,
        scores,
      });
      expect(saved).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        asOfMs: Date.UTC(2024, 5, 28),
        horizonBars: 20,
        scores,
        createdAtMs: expect.any(Number),
      });
      const later = await store.saveCurrencyStrength({
        asOfMs: Date.UTC(2024, 5, 29),
        horizonBars: 5,
        scores,
      });
      expect((await store.listCurrencyStrength({ limit: 10 })).map((row) => row.id).sort()).toEqual(
        [saved.id, later.id].sort(),
      );
      expect(await store.listCurrencyStrength({ horizonBars: 20, limit: 10 })).toEqual([saved]);
      await expect(
        store.saveCurrencyStrength({ asOfMs: Date.UTC(2024, 5, 29), horizonBars: 0, scores }),
      ).rejects.toMatchObject({ code: "invalid_data" });
    });

    it("refuses a backtest of an unknown strategy", async () => {
      const attempt = store.saveBacktest({
        strategyId: "b".repeat(64),
        startMs: null,
        endMs: null,
        initialCash: 1,
        metrics: {},
        trades: [],
        equity: [],
        benchmarks: {},
      });
      await expect(attempt).rejects.toMatchObject({ code: "invalid_data" });
    });
  });
}
