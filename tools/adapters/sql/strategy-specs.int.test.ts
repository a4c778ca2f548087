import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { SecretBox } from "../crypto/secret-box.ts";
import { PostgresClient } from "../postgres/client.ts";
import type { SqlClient } from "./client.ts";
import { migrate } from "./migrate.ts";
import { SqlStore } from "./store.ts";
import { resealStrategySpecs } from "./strategy-specs.ts";

const key = () => new Uint8Array(randomBytes(32));
const k1 = key();
const k2 = key();
const boxOf = (currentKeyId: string, keys: Record<string, Uint8Array>) =>
  new SecretBox({ currentKeyId, keys });

/** A spec with words that must never appear in the table (the parameters are the secret). */
const spec = (marker: string) => ({
  name: `secret-${marker}`,
  universe: ["SPY"],
  timeframe: "1d",
  entry: {
    crossAbove: [
      { indicator: "sma", period: 17 },
      { indicator: "sma", period: 193_731 },
    ],
  },
  note: `confidential-edge-${marker}`,
});
const idOf = (digit: string) => digit.repeat(64);

interface RawRow {
  id: string;
  spec: unknown;
  spec_sealed: string | null;
}

function sealedStrategies(name: string, open: () => Promise<SqlClient>) {
  describe(`sealed strategy specs on ${name}`, () => {
    let client: SqlClient;
    beforeEach(async () => {
      client = await open();
    });
    afterEach(async () => {
      await client.close();
    });

    const raw = async (id: string) =>
      (
        await client.query<RawRow & { text: string }>(
          "SELECT id, spec, spec_sealed, t::text AS text FROM strategies t WHERE id = $1",
          [id],
        )
      )[0]!;

    it("stores no plaintext of the spec and reads it back equal", async () => {
      const store = new SqlStore(client, boxOf("k1", { k1 }));
      const saved = await store.saveStrategy({
        id: idOf("a"),
        name: "visible name",
        spec: spec("a"),
      });
      expect(saved).toMatchObject({ id: idOf("a"), name: "visible name", spec: spec("a") });

      const row = await raw(idOf("a"));
      expect(row.spec).toBeNull();
      expect(row.spec_sealed).toMatch(/^v1\.k1\./);
      // The whole row as the database prints it: nothing of the spec, in any spelling (words
      // long enough that the envelope's base64url cannot spell them by chance).
      for (const word of ["secret-a", "confidential-edge", "crossAbove", "193731", "indicator"])
        expect(row.text).not.toContain(word);
      expect((await store.requestStrategy(idOf("a")))!.spec).toEqual(spec("a"));
      // Another store with the same key (a restarted process) reads it too.
      expect(
        (await new SqlStore(client, boxOf("k1", { k1 })).requestStrategy(idOf("a")))!.spec,
      ).toEqual(spec("a"));
      // Saving the same id again keeps the first row, sealed.
      await store.saveStrategy({ id: idOf("a"), name: "again", spec: spec("other") });
      expect(await store.requestStrategy(idOf("a"))).toMatchObject({
        name: "visible name",
        spec: spec("a"),
      });
    });

    it("refuses an envelope copied to another row, naming the strategy", async () => {
      const store = new SqlStore(client, boxOf("k1", { k1 }));
      await store.saveStrategy({ id: idOf("a"), name: "a", spec: spec("a") });
      await store.saveStrategy({ id: idOf("b"), name: "b", spec: spec("b") });
      await client.query(
        "UPDATE strategies SET spec_sealed = (SELECT spec_sealed FROM strategies WHERE id = $1) WHERE id = $2",
        [idOf("a"), idOf("b")],
      );
      await expect(store.requestStrategy(idOf("b"))).rejects.toMatchObject({
        code: "secret_unauthentic",
        message: expect.stringMatching(
          new RegExp(
            `^strategy ${idOf("b")}: .*key "k1" failed authentication.*copied to another row.*the same ALPHADESK_SECRET_KEYS`,
          ),
        ),
      });
      expect((await store.requestStrategy(idOf("a")))!.spec).toEqual(spec("a"));
    });

    it("survives a key rotation: new key first, reseal, old key removed", async () => {
      await new SqlStore(client, boxOf("k1", { k1 })).saveStrategy({
        id: idOf("a"),
        name: "a",
        spec: spec("a"),
      });
      const rotating = boxOf("k2", { k2, k1 });
      const during = new SqlStore(client, rotating);
      // Before the reseal the old envelope opens with the old key, new specs use the new one.
      expect((await during.requestStrategy(idOf("a")))!.spec).toEqual(spec("a"));
      await during.saveStrategy({ id: idOf("b"), name: "b", spec: spec("b") });
      expect((await raw(idOf("b"))).spec_sealed).toMatch(/^v1\.k2\./);

      expect(await resealStrategySpecs(client, rotating, { batchSize: 1 })).toEqual({
        sealed: 0,
        resealed: { k1: 1 },
        currentKeyId: "k2",
        remaining: { byKeyId: { k2: 2 }, plaintext: 0 },
      });
      expect((await raw(idOf("a"))).spec_sealed).toMatch(/^v1\.k2\./);

      const after = new SqlStore(client, boxOf("k2", { k2 }));
      expect((await after.requestStrategy(idOf("a")))!.spec).toEqual(spec("a"));
      expect((await after.requestStrategy(idOf("b")))!.spec).toEqual(spec("b"));
    });

    it("names the missing key id, and says when a store has no keyring at all", async () => {
      await new SqlStore(client, boxOf("k1", { k1 })).saveStrategy({
        id: idOf("a"),
        name: "a",
        spec: spec("a"),
      });
      await expect(
        new SqlStore(client, boxOf("k2", { k2 })).requestStrategy(idOf("a")),
      ).rejects.toMatchObject({
        code: "secret_key_unknown",
        message: expect.stringMatching(
          new RegExp(
            `^strategy ${idOf("a")}: .*sealed with key "k1", which is not in the keyring \\(k2\\)`,
          ),
        ),
      });
      await expect(new SqlStore(client).requestStrategy(idOf("a"))).rejects.toMatchObject({
        code: "secret_keys_missing",
        message: expect.stringMatching(/sealed \(key "k1"\).*ALPHADESK_SECRET_KEYS/),
      });
      // A reseal with a ring that lacks the key stops on that row and changes nothing.
      await expect(resealStrategySpecs(client, boxOf("k2", { k2 }))).rejects.toMatchObject({
        code: "secret_key_unknown",
      });
      expect((await raw(idOf("a"))).spec_sealed).toMatch(/^v1\.k1\./);
    });

    it("reads legacy plaintext rows, and reseal seals them, idempotently", async () => {
      // Rows as a store without a keyring (and every version before sealing) writes them.
      const legacy = new SqlStore(client);
      for (const digit of ["1", "2", "3"])
        await legacy.saveStrategy({ id: idOf(digit), name: digit, spec: spec(digit) });
      expect((await raw(idOf("1"))).spec).toEqual(spec("1"));
      expect((await raw(idOf("1"))).spec_sealed).toBeNull();

      const box = boxOf("k1", { k1 });
      const store = new SqlStore(client, box);
      expect((await store.requestStrategy(idOf("2")))!.spec).toEqual(spec("2"));
      await store.saveStrategy({ id: idOf("4"), name: "4", spec: spec("4") });

      expect(await resealStrategySpecs(client, box, { batchSize: 2 })).toEqual({
        sealed: 3,
        resealed: {},
        currentKeyId: "k1",
        remaining: { byKeyId: { k1: 4 }, plaintext: 0 },
      });
      for (const digit of ["1", "2", "3", "4"]) {
        const row = await raw(idOf(digit));
        expect(row.spec).toBeNull();
        expect(row.text).not.toContain(`secret-${digit}`);
        expect((await store.requestStrategy(idOf(digit)))!.spec).toEqual(spec(digit));
      }
      // A second run finds nothing to do and leaves every envelope as it was.
      const before = await client.query("SELECT id, spec_sealed FROM strategies ORDER BY id");
      expect(await resealStrategySpecs(client, box)).toEqual({
        sealed: 0,
        resealed: {},
        currentKeyId: "k1",
        remaining: { byKeyId: { k1: 4 }, plaintext: 0 },
      });
      expect(await client.query("SELECT id, spec_sealed FROM strategies ORDER BY id")).toEqual(
        before,
      );
    });

    it("keeps exactly one form of a spec, and no plaintext where the envelope goes", async () => {
      await expect(
        client.query("INSERT INTO strategies (id, name) VALUES ($1, 'x')", [idOf("c")]),
      ).rejects.toThrow(/strategies_spec_one_form/);
      await expect(
        client.query(
          "INSERT INTO strategies (id, name, spec, spec_sealed) VALUES ($1, 'x', '{}', 'v1.k1.a.b.c')",
          [idOf("c")],
        ),
      ).rejects.toThrow(/strategies_spec_one_form/);
      await expect(
        client.query("INSERT INTO strategies (id, name, spec_sealed) VALUES ($1, 'x', $2)", [
          idOf("c"),
          JSON.stringify(spec("c")),
        ]),
      ).rejects.toThrow(/strategies_spec_sealed_envelope/);
    });
  });
}

sealedStrategies("PGlite", createTestClient);

const available = await useServer("the sealed strategy specs on PostgreSQL need the server");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});
describe.skipIf(!available)("PostgreSQL server", () => {
  sealedStrategies("the machine's PostgreSQL server", async () => {
    const scratch = await createScratchDatabase({ migrated: true });
    const client = await PostgresClient.open(scratch.url);
    await migrate(client);
    drops.push(scratch.drop);
    return client;
  });
});
