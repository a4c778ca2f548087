import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { PostgresClient } from "../postgres/client.ts";
import type { SqlClient } from "./client.ts";
import { migrate } from "./migrate.ts";
import { SqlStore } from "./store.ts";

const portfolioOf = (assets: string[], objective: string, weight: number) => ({
  assets,
  source: "returns" as const,
  objective,
  request: { objective },
  weights: Object.fromEntries(assets.map((asset) => [asset, weight])),
  expectedReturn: 0.08,
  volatility: 0.12,
  result: { note: objective },
  actor: "test",
});

function portfolioStore(name: string, open: () => Promise<SqlClient>) {
  describe(`portfolios in the SQL store on ${name}`, () => {
    let client: SqlClient;
    beforeEach(async () => {
      client = await open();
    });
    afterEach(async () => {
      await client.close();
    });

    it("keeps every run as history, newest first, found by its set of assets in any order", async () => {
      const store = new SqlStore(client);
      const first = await store.savePortfolio(portfolioOf(["B", "A"], "hrp", 0.5));
      const second = await store.savePortfolio(portfolioOf(["A", "B"], "minVariance", 0.5));
      await store.savePortfolio(portfolioOf(["A", "B", "C"], "equalWeight", 1 / 3));
      expect(first.assets).toEqual(["A", "B"]);
      expect(await store.requestPortfolio(first.id)).toEqual(first);
      expect(await store.requestPortfolio("not-a-uuid")).toBeUndefined();
      const history = await store.listPortfolios({ assets: ["B", "A"], limit: 10 });
      expect(history.map((row) => row.id)).toEqual([second.id, first.id]);
      expect(history[0]).toMatchObject({ objective: "minVariance", weights: { A: 0.5, B: 0.5 } });
      expect(await store.listPortfolios({ limit: 10 })).toHaveLength(3);
    });

    it("refuses a non-finite volatility, writing nothing", async () => {
      const store = new SqlStore(client);
      await expect(
        store.savePortfolio({ ...portfolioOf(["A", "B"], "hrp", 0.5), volatility: Number.NaN }),
      ).rejects.toMatchObject({ code: "invalid_data" });
      expect(await store.listPortfolios({ limit: 10 })).toEqual([]);
    });

    it("finds each strategy's newest backtest", async () => {
      const store = new SqlStore(client);
      for (const id of ["a".repeat(64), "b".repeat(64)])
        await store.saveStrategy({ id, name: id.slice(0, 1), spec: {} });
      const backtest = (strategyId: string) =>
        store.saveBacktest({
          strategyId,
          startMs: null,
          endMs: null,
          initialCash: 1,
          metrics: {},
          trades: [],
          equity: [],
          benchmarks: {},
        });
      await backtest("a".repeat(64));
      const newest = await backtest("a".repeat(64));
      const latest = await store.latestBacktestIds(["a".repeat(64), "b".repeat(64)]);
      expect([...latest]).toEqual([["a".repeat(64), newest.id]]);
    });
  });
}

portfolioStore("PGlite", createTestClient);

const available = await useServer("the portfolio store on PostgreSQL needs the server");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});
describe.skipIf(!available)("PostgreSQL server", () => {
  portfolioStore("the machine's PostgreSQL server", async () => {
    const scratch = await createScratchDatabase();
    drops.push(scratch.drop);
    const client = await PostgresClient.open(scratch.url);
    await migrate(client);
    return client;
  });
});
