import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { PostgresClient } from "../postgres/client.ts";
import { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { migrate } from "./migrate.ts";
import { resealTable } from "./sealed-columns.ts";
import { sealedExplanations } from "./insight-store.ts";
import { SqlStore } from "./store.ts";

const box = new SecretBox({ currentKeyId: "k1", keys: { k1: new Uint8Array(randomBytes(32)) } });
const strategyId = "e".repeat(64);
const explanation = {
  text: "Buys when SMA(193731) crosses above SMA(50): confidential-explanation",
  facts: [{ name: "rules.entry", value: "x", text: "x" }],
};

async function withStrategy(store: SqlStore) {
  await store.saveStrategy({ id: strategyId, name: "secret", spec: { name: "secret" } });
}

function explanationStore(name: string, open: () => Promise<SqlClient>) {
  describe(`strategy explanations in the SQL store on ${name}`, () => {
    let client: SqlClient;
    beforeEach(async () => {
      client = await open();
    });
    afterEach(async () => {
      await client.close();
    });

    it("keeps one per strategy, level and mode, replaced when saved again", async () => {
      const store = new SqlStore(client);
      await withStrategy(store);
      const saved = await store.saveStrategyExplanation({
        strategyId,
        level: "expert",
        jargonFree: false,
        source: "templates",
        explanation,
      });
      expect(saved).toMatchObject({ strategyId, level: "expert", jargonFree: false, explanation });
      await store.saveStrategyExplanation({
        strategyId,
        level: "expert",
        jargonFree: false,
        source: "model",
        explanation: { text: "again" },
      });
      await store.saveStrategyExplanation({
        strategyId,
        level: "expert",
        jargonFree: true,
        source: "templates",
        explanation,
      });
      expect(await store.requestStrategyExplanation(strategyId, "expert", false)).toMatchObject({
        source: "model",
        explanation: { text: "again" },
      });
      expect(await client.query("SELECT count(*)::int AS n FROM strategy_explanations")).toEqual([
        { n: 2 },
      ]);
    });

    it("refuses an explanation of a strategy that is not stored", async () => {
      await expect(
        new SqlStore(client).saveStrategyExplanation({
          strategyId: "f".repeat(64),
          level: "beginner",
          jargonFree: false,
          source: "templates",
          explanation,
        }),
      ).rejects.toMatchObject({ code: "invalid_data" });
    });

    it("seals the explanation with the store's SecretBox and opens it on reading", async () => {
      const store = new SqlStore(client, box);
      await withStrategy(store);
      await store.saveStrategyExplanation({
        strategyId,
        level: "beginner",
        jargonFree: true,
        source: "templates",
        explanation,
      });
      const [row] = await client.query<{
        explanation: unknown;
        explanation_sealed: string;
        text: string;
      }>("SELECT explanation, explanation_sealed, t::text AS text FROM strategy_explanations t");
      expect(row!.explanation).toBeNull();
      expect(row!.explanation_sealed).toMatch(/^v1\.k1\./);
      expect(row!.text).not.toContain("confidential-explanation");
      expect(row!.text).not.toContain("193731");
      expect(
        (await store.requestStrategyExplanation(strategyId, "beginner", true))!.explanation,
      ).toEqual(explanation);
      await expect(
        new SqlStore(client).requestStrategyExplanation(strategyId, "beginner", true),
      ).rejects.toMatchObject({
        code: "secret_keys_missing",
      });
      // The row key the reseal walk binds envelopes to is the one the store binds them to.
      const report = await resealTable(client, box, sealedExplanations);
      expect(report.sealed).toBe(0);
      expect(
        (await store.requestStrategyExplanation(strategyId, "beginner", true))!.explanation,
      ).toEqual(explanation);
    });

    it("lists completed optimizations with a ladder, sealed ones opened, newest first", async () => {
      const store = new SqlStore(client, box);
      const finish = async (key: string, result: unknown) => {
        const { optimization } = await store.openOptimization({ key, template: {}, settings: {} });
        await store.finishOptimization(optimization.id, "completed", result);
        return optimization.id;
      };
      const first = await finish("a", { ladder: { levels: [] } });
      await finish("b", { best: {} });
      const third = await finish("c", { ladder: { levels: [1] } });
      await store.openOptimization({ key: "running", template: {}, settings: {} });
      const listed = await store.listLadderOptimizations(10);
      expect(listed.map((optimization) => optimization.id)).toEqual([third, first]);
      expect(listed[0]!.result).toEqual({ ladder: { levels: [1] } });
      expect(await store.listLadderOptimizations(1)).toHaveLength(1);
    });
  });
}

explanationStore("PGlite", createTestClient);

const available = await useServer("the explanation store on PostgreSQL needs the server");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});
describe.skipIf(!available)("PostgreSQL server", () => {
  explanationStore("the machine's PostgreSQL server", async () => {
    const scratch = await createScratchDatabase({ migrated: true });
    drops.push(scratch.drop);
    const client = await PostgresClient.open(scratch.url);
    await migrate(client);
    return client;
  });
});
