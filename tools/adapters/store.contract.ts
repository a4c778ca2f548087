import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { momentumFinding } from "./finding-fixture.ts";
import { AlphadeskError } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import { portfolioStoreContract } from "./portfolio-store.contract.ts";
import { priceAlertStoreContract } from "./price-alert-store.contract.ts";
import { appendAuditIn } from "./sql/audit-log.ts";
import type { SqlClient } from "./sql/client.ts";

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

/** The SqlClient under a SqlStore (every Store adapter is one): raw SQL, which the port does not offer. */
function sqlClientOf(store: Store): SqlClient {
  const client = (store as unknown as { client?: SqlClient }).client;
  if (typeof client?.query !== "function") {
    throw new Error("the audit log's contract needs the store's SqlClient (a SqlStore's `client`)");
  }
  return client;
}

/**
 * What the table's owner or a superuser can still do: switch the guards off, for one transaction
 * (other sessions never see them off), to change rows behind the chain's back.
 */
function tamper(client: SqlClient, statement: string, params: unknown[] = []): Promise<void> {
  return client.transaction(async (tx) => {
    await tx.query("ALTER TABLE audit_log DISABLE TRIGGER USER");
    await tx.query(statement, params);
    await tx.query("ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_chain");
    await tx.query("ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only");
  });
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

    portfolioStoreContract(() => store);
    priceAlertStoreContract(() => store);

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

    it("renames, archives and restores a strategy; an archived one is listed only when asked for, or by id", async () => {
      const kept = await store.saveStrategy({ id: "3".repeat(64), name: "kept", spec: {} });
      const gone = await store.saveStrategy({ id: "4".repeat(64), name: "gone", spec: { b: 2 } });
      const names = async (archived?: "hide" | "only", prefixes?: string[]) =>
        (await store.listStrategies(10, undefined, prefixes, archived)).map((row) => row.name);
      const archivedAtMs = Date.UTC(2026, 11, 4, 9, 30);

      const renamed = await store.updateStrategy(gone.id, { name: "Dip buyer", archivedAtMs });
      expect(renamed).toEqual({ ...gone, name: "Dip buyer", archivedAtMs });
      expect(await names()).toEqual(["kept"]);
      expect(await names("only")).toEqual(["Dip buyer"]);
      expect(await names(undefined, ["4444"])).toEqual(["Dip buyer"]);
      // A field not given keeps its value.
      expect(await store.updateStrategy(gone.id, { name: "Dips" })).toMatchObject({ archivedAtMs });
      expect(await store.updateStrategy("5".repeat(64), { name: "x" })).toBeUndefined();

      // Saved again (backtested, validated...), it is in use: listed again, its name kept.
      expect(await store.saveStrategy({ id: gone.id, name: "gone", spec: { b: 2 } })).toMatchObject(
        {
          name: "Dips",
          archivedAtMs: null,
        },
      );
      expect(await names()).toEqual(["Dips", "kept"]);
      await store.updateStrategy(kept.id, { archivedAtMs });
      expect(await store.updateStrategy(kept.id, { archivedAtMs: null })).toEqual(kept);
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

    it("lists strategies and backtests newest first, up to a limit, of one strategy when asked, without bulky columns", async () => {
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
      // Rows written back to back share a millisecond of PGlite's clock; the order is still exact.
      expect(strategies.map((strategy) => strategy.name)).toEqual(["newer", "older"]);
      expect(strategies[0]).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        createdAtMs: expect.any(Number),
        archivedAtMs: null,
      });
      expect(await store.listStrategies(1)).toHaveLength(1);
      // By the start of the id, as replies shorten ids: any of several prefixes.
      const named = async (prefixes: string[]) =>
        (await store.listStrategies(10, undefined, prefixes)).map((strategy) => strategy.name);
      expect(await named(["11111111"])).toEqual(["older"]);
      expect(await named(["2".repeat(64), "1111"])).toEqual(["newer", "older"]);
      expect(await named(["12"])).toEqual([]);
      const backtests = await store.listBacktests(10);
      expect(backtests.map((backtest) => backtest.id)).toEqual([second.id, first.id]);
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
      expect((await store.listBacktests(10, newer.id)).map((backtest) => backtest.id)).toEqual([
        second.id,
      ]);
      expect(await store.listBacktests(10, "3".repeat(64))).toEqual([]);

      const burst = [];
      for (let index = 0; index < 8; index++) burst.push((await run(older.id, null)).id);
      expect((await store.listBacktests(8)).map((backtest) => backtest.id)).toEqual(
        burst.reverse(),
      );
    });

    it("ranks strategies by their newest backtest's Sharpe, return or drawdown, the never backtested last", async () => {
      const [a, b, c] = ["4", "5", "6"].map((digit) => digit.repeat(64));
      for (const [id, name] of [
        [a, "A"],
        [b, "B"],
        [c, "C"],
      ] as const)
        await store.saveStrategy({ id: id!, name, spec: {} });
      const run = (strategyId: string, metrics: Record<string, unknown>) =>
        store.saveBacktest({
          strategyId,
          startMs: null,
          endMs: null,
          initialCash: 1000,
          metrics,
          trades: [],
          equity: [],
          benchmarks: {},
        });
      await run(a!, { sharpe: 0.5, totalReturn: 0.3, maxDrawdown: 0.2 });
      // B's older run would lead every ranking; its newest is what counts.
      await run(b!, { sharpe: 9, totalReturn: 9, maxDrawdown: 0 });
      await run(b!, { sharpe: 0.1, totalReturn: 0.1, maxDrawdown: 0.05 });
      const names = async (rankBy?: "sharpe" | "totalReturn" | "maxDrawdown") =>
        (await store.listStrategies(10, rankBy)).map((strategy) => strategy.name);
      expect(await names()).toEqual(["C", "B", "A"]);
      expect(await names("sharpe")).toEqual(["A", "B", "C"]);
      expect(await names("totalReturn")).toEqual(["A", "B", "C"]);
      expect(await names("maxDrawdown")).toEqual(["B", "A", "C"]);
      expect((await store.listStrategies(1, "maxDrawdown")).map((s) => s.name)).toEqual(["B"]);
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

    it("tells how many candidates the scan that last confirmed a finding tested", async () => {
      const finding = momentumFinding({ timeframe: "1d" } as StrategySpec);
      const scan = { options: {}, symbols: ["SPY"], families: ["momentum"], timeframe: "1d" };
      const first = await store.saveScan({ ...scan, candidatesTested: 40, startedMs: 0 }, [
        finding,
      ]);
      const id = first.findings[0]!.id;
      expect(await store.findingTrials(id)).toBe(40);
      // Confirmed by a wider scan: its candidates are the trials now.
      await store.saveScan({ ...scan, candidatesTested: 2626, startedMs: 1 }, [finding]);
      expect(await store.findingTrials(id)).toBe(2626);
      expect(await store.findingTrials("999999")).toBeUndefined();
      expect(await store.findingTrials("not-a-number")).toBeUndefined();
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
      // Listed newest first, or in one state only.
      const later = await store.openOptimization({ ...request, key: "k2" });
      const ids = (optimizations: { id: string }[]) => optimizations.map(({ id }) => id);
      expect(ids(await store.listOptimizations({ limit: 10 }))).toEqual([
        later.optimization.id,
        opened.optimization.id,
      ]);
      expect(ids(await store.listOptimizations({ limit: 1 }))).toEqual([later.optimization.id]);
      expect(ids(await store.listOptimizations({ limit: 10, state: "completed" }))).toEqual([
        opened.optimization.id,
      ]);
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

    it("consumes an approval exactly once, moving the intent and queueing it with its audit rows", async () => {
      const hash = "ab".repeat(32);
      const intent = {
        strategyId: null,
        broker: "paper-sim",
        symbol: "SPY",
        side: "buy" as const,
        quantity: 10,
        type: "limit" as const,
        limitPrice: 500.25,
        paramsHash: hash,
        risk: { checks: [] },
        queuedUntilMs: null,
      };
      const later = Date.now() + 600_000;
      const proposed = await store.proposeIntent(
        intent,
        { approvers: ["U1"], expiresAtMs: later },
        "U1",
      );
      expect(proposed.intent).toMatchObject({ ...intent, state: "proposed", filledQuantity: 0 });
      expect(proposed.approval).toMatchObject({
        state: "pending",
        approvers: ["U1"],
        decidedBy: null,
      });
      const decide = (over: object = {}) =>
        store.decideApproval({
          approvalId: proposed.approval.id,
          approve: true,
          actor: "U1",
          paramsHash: hash,
          ...over,
        });
      expect(await decide({ actor: "model" })).toMatchObject({ ok: false, reason: "not_allowed" });
      expect(await decide({ paramsHash: "cd".repeat(32) })).toMatchObject({
        ok: false,
        reason: "changed",
      });
      expect(await store.pendingOutbox(10)).toEqual([]);
      const approved = await decide();
      expect(approved).toMatchObject({
        ok: true,
        intent: { state: "approved" },
        approval: { state: "approved", decidedBy: "U1" },
      });
      expect(await decide()).toMatchObject({ ok: false, reason: "not_pending" });
      expect(await store.pendingOutbox(10)).toEqual([
        { id: expect.any(String), intentId: proposed.intent.id, kind: "submit" },
      ]);
      const audit = await store.listAudit({ subject: proposed.intent.id, limit: 10 });
      expect(audit.map((entry) => entry.action)).toEqual(["approval.decided", "order.proposed"]);
      // Listed by their sending time once sent (the throttle at submission counts those).
      const sentSince = { submittedSinceMs: Date.now() - 60_000, limit: 10 };
      expect(await store.listIntents(sentSince)).toEqual([]);
      await store.moveIntent(
        proposed.intent.id,
        ["approved"],
        "submitting",
        { submitting: true },
        { actor: "test", action: "order.submitting", details: {} },
      );
      const [sent] = await store.listIntents(sentSince);
      expect(sent).toMatchObject({ id: proposed.intent.id, state: "submitting" });
      expect(Math.abs(sent!.submittedAtMs! - Date.now())).toBeLessThan(60_000);
      expect(await store.listIntents({ submittedSinceMs: Date.now() + 60_000, limit: 10 })).toEqual(
        [],
      );

      const declined = await store.proposeIntent(
        { ...intent, type: "market", limitPrice: null },
        { approvers: ["U1"], expiresAtMs: later },
        "U1",
      );
      expect(
        await store.decideApproval({
          approvalId: declined.approval.id,
          approve: false,
          actor: "U1",
          paramsHash: hash,
        }),
      ).toMatchObject({ ok: true, intent: { state: "declined" }, approval: { state: "rejected" } });
      expect(await store.pendingOutbox(10)).toHaveLength(1);

      const stale = await store.proposeIntent(
        intent,
        { approvers: ["U1"], expiresAtMs: Date.now() - 1 },
        "U1",
      );
      expect(
        await store.decideApproval({
          approvalId: stale.approval.id,
          approve: true,
          actor: "U1",
          paramsHash: hash,
        }),
      ).toMatchObject({ ok: false, reason: "expired" });
      expect((await store.requestIntent(stale.intent.id))?.state).toBe("expired");
      expect(await store.listApprovals({ state: "pending", limit: 10 })).toEqual([]);
      expect(
        await store.decideApproval({
          approvalId: "nope",
          approve: true,
          actor: "U1",
          paramsHash: hash,
        }),
      ).toMatchObject({ ok: false, reason: "not_found" });
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

    it("appends hash-chained audit entries, lists them newest first and verifies the chain", async () => {
      expect(await store.verifyAuditLog()).toEqual({ ok: true, rows: 0 });
      const proposed = await store.appendAudit({
        actor: "user:U1",
        action: "order.proposed",
        subject: "intent-1",
        details: { symbol: "SPY", qty: "10", limit: 0.1 + 0.2, note: "é 🔑", tags: [] },
      });
      expect(proposed).toEqual({
        id: "1",
        atMs: expect.any(Number),
        actor: "user:U1",
        action: "order.proposed",
        subject: "intent-1",
        details: { symbol: "SPY", qty: "10", limit: 0.1 + 0.2, note: "é 🔑", tags: [] },
        previousHash: "0".repeat(64),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(Math.abs(proposed.atMs - Date.now())).toBeLessThan(60_000);
      const decided = await store.appendAudit({
        actor: "user:U2",
        action: "approval.decided",
        subject: "intent-1",
        details: { decision: "approved" },
      });
      const killed = await store.appendAudit({
        actor: "system",
        action: "kill_switch",
        subject: null,
        details: { on: true, reason: "drawdown" },
      });
      expect([decided.id, killed.id]).toEqual(["2", "3"]);
      expect(decided.previousHash).toBe(proposed.hash);
      expect(killed.previousHash).toBe(decided.hash);
      expect(new Set([proposed.hash, decided.hash, killed.hash]).size).toBe(3);
      expect(decided.atMs).toBeGreaterThanOrEqual(proposed.atMs);
      expect(killed.atMs).toBeGreaterThanOrEqual(decided.atMs);

      expect(await store.listAudit({ limit: 10 })).toEqual([killed, decided, proposed]);
      expect(await store.listAudit({ subject: "intent-1", limit: 1 })).toEqual([decided]);
      expect(await store.listAudit({ subject: "intent-2", limit: 10 })).toEqual([]);
      expect(await store.verifyAuditLog()).toEqual({ ok: true, rows: 3 });

      const entry = { actor: "system", action: "fill", subject: null, details: {} };
      await expect(store.appendAudit({ ...entry, actor: "" })).rejects.toMatchObject({
        code: "invalid_data",
        message: expect.stringMatching(/audit_log_actor_nonempty/),
      });
      await expect(store.appendAudit({ ...entry, action: "Order Filled" })).rejects.toMatchObject({
        code: "invalid_data",
        message: expect.stringMatching(/audit_log_action_format/),
      });
      await expect(store.appendAudit({ ...entry, details: undefined })).rejects.toMatchObject({
        code: "invalid_input",
      });
      // Refused entries took no place in the chain.
      expect((await store.appendAudit(entry)).id).toBe("4");
      expect(await store.verifyAuditLog()).toEqual({ ok: true, rows: 4 });
    });

    it("writes an audit entry in the transaction of what it records: a rollback leaves no entry and no gap", async () => {
      const client = sqlClientOf(store);
      const submitted = {
        actor: "system",
        action: "order.submitted",
        subject: "intent-9",
        details: { clientOrderId: "intent-9" },
      };
      await expect(
        client.transaction(async (tx) => {
          await appendAuditIn(tx, submitted);
          throw new Error("the broker refused the order");
        }),
      ).rejects.toThrow("the broker refused the order");
      expect(await store.listAudit({ limit: 10 })).toEqual([]);
      const [first, second] = await client.transaction(async (tx) => [
        await appendAuditIn(tx, submitted),
        await appendAuditIn(tx, { ...submitted, action: "fill", details: { qty: "10" } }),
      ]);
      expect([first!.id, second!.id]).toEqual(["1", "2"]);
      expect(second!.previousHash).toBe(first!.hash);
      expect(await store.verifyAuditLog()).toEqual({ ok: true, rows: 2 });
    });

    it("refuses UPDATE, DELETE and TRUNCATE of the audit log, also in a replica session", async () => {
      const client = sqlClientOf(store);
      const entry = await store.appendAudit({
        actor: "user:U1",
        action: "limits.changed",
        subject: null,
        details: { maxNotional: 5000 },
      });
      const refused = [
        ["UPDATE audit_log SET details = '{}'", /audit_log is append-only: UPDATE refused/],
        [
          "UPDATE audit_log SET actor = 'x' WHERE false",
          /audit_log is append-only: UPDATE refused/,
        ],
        ["DELETE FROM audit_log WHERE id = 1", /audit_log is append-only: DELETE refused/],
        ["TRUNCATE audit_log", /audit_log is append-only: TRUNCATE refused/],
        ["UPDATE audit_log_head SET last_id = 0", /audit_log_head moves only as .* UPDATE refused/],
        ["DELETE FROM audit_log_head", /audit_log_head moves only as .* DELETE refused/],
        ["TRUNCATE audit_log_head", /audit_log_head moves only as .* TRUNCATE refused/],
        ["INSERT INTO audit_log_head VALUES (false, 9)", /audit_log_head moves only as .* INSERT/],
      ] as const;
      // Each in a transaction: `pg` discards a pooled connection whose query failed, and PGlite's
      // socket server (one session) may refuse the next one while it closes.
      for (const [statement, message] of refused) {
        await expect(client.transaction((tx) => tx.query(statement))).rejects.toThrow(message);
        // Triggers left at ENABLE (not ALWAYS) would not fire here.
        await expect(
          client.transaction(async (tx) => {
            await tx.query("SET LOCAL session_replication_role = replica");
            await tx.query(statement);
          }),
        ).rejects.toThrow(message);
      }
      const triggers = await client.query<{ name: string; enabled: string }>(
        `SELECT tgname AS name, tgenabled::text AS enabled FROM pg_trigger
         WHERE tgrelid IN ('audit_log'::regclass, 'audit_log_head'::regclass) AND NOT tgisinternal
         ORDER BY tgname`,
      );
      expect(triggers).toEqual(
        [
          "audit_log_append_only",
          "audit_log_chain",
          "audit_log_head_guard",
          "audit_log_head_no_truncate",
        ].map((name) => ({ name, enabled: "A" })),
      );

      // An insert naming its own id, time and hashes is chained all the same, replica or not.
      const [forged] = await client.transaction(async (tx) => {
        await tx.query("SET LOCAL session_replication_role = replica");
        return tx.query<{ id: string; at: string; previous_hash: string }>(
          `INSERT INTO audit_log (id, at, actor, action, subject, details, previous_hash, hash)
           VALUES (100, '2000-01-01', 'forger', 'fill', NULL, '{}', repeat('1', 64), repeat('2', 64))
           RETURNING id::text AS id, at::text AS at, previous_hash`,
        );
      });
      expect(forged).toMatchObject({ id: "2", previous_hash: entry.hash });
      expect(forged!.at).not.toMatch(/^2000/);
      expect(await store.listAudit({ limit: 10 })).toEqual([
        expect.objectContaining({ id: "2", actor: "forger" }),
        entry,
      ]);
      expect(await store.verifyAuditLog()).toEqual({ ok: true, rows: 2 });
    });

    it("names the first entry altered, unlinked or removed behind the triggers' back", async () => {
      const client = sqlClientOf(store);
      const entries = [];
      for (const decision of ["proposed", "approved", "submitted"]) {
        entries.push(
          await store.appendAudit({
            actor: "user:U1",
            action: "approval.decided",
            subject: "intent-3",
            details: { decision },
          }),
        );
      }
      const [, second] = entries;

      await tamper(
        client,
        `UPDATE audit_log SET details = '{"decision": "rejected"}' WHERE id = 2`,
      );
      expect(await store.verifyAuditLog()).toEqual({
        ok: false,
        rows: 3,
        firstBadId: "2",
        problem: expect.stringMatching(/^entry 2 was altered: its contents hash to /),
      });

      // A careful forger rehashes the edited entry (with the database's own function): the next
      // entry's link still points at the original.
      await tamper(
        client,
        `UPDATE audit_log SET hash = audit_log_hash(id, at, actor, action, subject, details, previous_hash)
         WHERE id = 2`,
      );
      expect(await store.verifyAuditLog()).toEqual({
        ok: false,
        rows: 3,
        firstBadId: "3",
        problem: expect.stringMatching(/^entry 3 does not link to the entry before it/),
      });

      await tamper(client, `UPDATE audit_log SET details = $1::jsonb, hash = $2 WHERE id = 2`, [
        JSON.stringify(second!.details),
        second!.hash,
      ]);
      expect(await store.verifyAuditLog()).toEqual({ ok: true, rows: 3 });

      await tamper(client, `DELETE FROM audit_log WHERE id = 3`);
      expect(await store.verifyAuditLog()).toEqual({
        ok: false,
        rows: 2,
        firstBadId: "3",
        problem: "entries 3..3 are missing from the end: the chain head records 3 entries",
      });
      // The chain is not silently continued from a forged tip.
      await expect(
        store.appendAudit({ actor: "system", action: "fill", subject: null, details: {} }),
      ).rejects.toThrow(/audit_log entry 3 .* is missing: the log was tampered with/);

      await tamper(client, `DELETE FROM audit_log WHERE id = 1`);
      expect(await store.verifyAuditLog()).toEqual({
        ok: false,
        rows: 1,
        firstBadId: "1",
        problem: "entry 1 is missing: the log goes from entry 0 to entry 2",
      });

      // The guards are back on after each tampering transaction.
      await expect(client.transaction((tx) => tx.query("DELETE FROM audit_log"))).rejects.toThrow(
        /append-only/,
      );
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
