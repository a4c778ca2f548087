import { createHash, randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { PostgresClient } from "../postgres/client.ts";
import { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { sealedPrograms } from "./code-generation-store.ts";
import { migrate } from "./migrate.ts";
import { resealTable } from "./sealed-columns.ts";
import { SqlStore } from "./store.ts";

const box = new SecretBox({ currentKeyId: "k1", keys: { k1: new Uint8Array(randomBytes(32)) } });
const specHash = "c".repeat(64);
const otherSpec = "d".repeat(64);
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
// Two bytes for "é": the size is counted in UTF-8 bytes, not characters.
const code = "# Café crossover: SMA(193731) confidential-program\nprint('hi')\n";

const generation = (text: string, over: { specHash?: string; target?: string } = {}) => ({
  contentHash: sha256(text),
  specHash: over.specHash ?? specHash,
  target: over.target ?? "python",
  generatorVersion: "1.0.0",
  filename: "cafe.py",
  code: text,
  actor: "cli",
});

async function withStrategies(store: SqlStore) {
  await store.saveStrategy({ id: specHash, name: "Café crossover", spec: { name: "c" } });
  await store.saveStrategy({ id: otherSpec, name: "Other", spec: { name: "d" } });
}

function codeGenerationStore(name: string, open: () => Promise<SqlClient>) {
  describe(`generated programs in the SQL store on ${name}`, () => {
    let client: SqlClient;
    beforeEach(async () => {
      client = await open();
    });
    afterEach(async () => {
      await client.close();
    });

    it("keeps each program once and every generation, newest first", async () => {
      const store = new SqlStore(client);
      await withStrategies(store);
      const first = await store.recordCodeGeneration(generation(code));
      const again = await store.recordCodeGeneration({ ...generation(code), actor: "slack:U1" });
      const pine = await store.recordCodeGeneration(
        generation("//@version=6\n", { target: "pine" }),
      );
      const other = await store.recordCodeGeneration(
        generation("x = 1\n", { specHash: otherSpec }),
      );
      expect(first).toMatchObject({
        contentHash: sha256(code),
        specHash,
        strategyName: "Café crossover",
        target: "python",
        generatorVersion: "1.0.0",
        filename: "cafe.py",
        bytes: code.length + 1,
        actor: "cli",
      });
      expect(again.id).not.toBe(first.id);
      expect(await client.query("SELECT count(*)::int AS n FROM generated_programs")).toEqual([
        { n: 3 },
      ]);
      const ids = (generations: { id: string }[]) => generations.map((row) => row.id);
      expect(ids(await store.listCodeGenerations({ limit: 10 }))).toEqual(
        ids([other, pine, again, first]),
      );
      expect(ids(await store.listCodeGenerations({ specHash, limit: 10 }))).toEqual(
        ids([pine, again, first]),
      );
      expect(
        ids(await store.listCodeGenerations({ specHash, target: "python", limit: 1 })),
      ).toEqual(ids([again]));
      expect(await store.requestGeneratedProgram(sha256(code))).toMatchObject({
        code,
        bytes: code.length + 1,
      });
      expect(await store.requestGeneratedProgram("0".repeat(64))).toBeUndefined();
      expect(await store.requestGeneratedProgram("not a hash")).toBeUndefined();
    });

    it("refuses a content hash that is not the code's, and a strategy that is not stored", async () => {
      const store = new SqlStore(client);
      await withStrategies(store);
      await expect(
        store.recordCodeGeneration({ ...generation(code), contentHash: sha256("other") }),
      ).rejects.toThrow(/is not the sha256 of the code/);
      await expect(
        store.recordCodeGeneration(generation(code, { specHash: "f".repeat(64) })),
      ).rejects.toMatchObject({ code: "invalid_data" });
      expect(await client.query("SELECT count(*)::int AS n FROM code_generations")).toEqual([
        { n: 0 },
      ]);
    });

    it("seals the program with the store's SecretBox and opens it on reading", async () => {
      const store = new SqlStore(client, box);
      await withStrategies(store);
      await store.recordCodeGeneration(generation(code));
      const [row] = await client.query<{ code: unknown; code_sealed: string; text: string }>(
        "SELECT code, code_sealed, p::text AS text FROM generated_programs p",
      );
      expect(row!.code).toBeNull();
      expect(row!.code_sealed).toMatch(/^v1\.k1\./);
      expect(row!.text).not.toContain("confidential-program");
      expect((await store.requestGeneratedProgram(sha256(code)))!.code).toBe(code);
      await expect(
        new SqlStore(client).requestGeneratedProgram(sha256(code)),
      ).rejects.toMatchObject({ code: "secret_keys_missing" });
    });

    it("is sealed by `secrets reseal` when written as plaintext before", async () => {
      await withStrategies(new SqlStore(client));
      await new SqlStore(client).recordCodeGeneration(generation(code));
      const report = await resealTable(client, box, sealedPrograms);
      expect(report.sealed).toBe(1);
      expect((await new SqlStore(client, box).requestGeneratedProgram(sha256(code)))!.code).toBe(
        code,
      );
    });
  });
}

codeGenerationStore("PGlite", createTestClient);

const available = await useServer("the generated-program store on PostgreSQL needs the server");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});
describe.skipIf(!available)("PostgreSQL server", () => {
  codeGenerationStore("the machine's PostgreSQL server", async () => {
    const scratch = await createScratchDatabase({ migrated: true });
    drops.push(scratch.drop);
    const client = await PostgresClient.open(scratch.url);
    await migrate(client);
    return client;
  });
});
