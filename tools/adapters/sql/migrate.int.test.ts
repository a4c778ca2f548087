import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { PostgresClient } from "../postgres/client.ts";
import { migrate } from "./migrate.ts";

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-migrations-"));
  await writeFile(
    join(directory, "0001_first.sql"),
    "CREATE TABLE first_table (id int PRIMARY KEY);",
  );
  await writeFile(
    join(directory, "0002_second.sql"),
    "CREATE TABLE second_table (id int PRIMARY KEY);\nINSERT INTO second_table VALUES (1);",
  );
  await writeFile(join(directory, "notes.txt"), "not a migration");
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("migrate on PGlite", () => {
  it("applies pending files in order, once", async () => {
    const client = await createEmptyTestClient();
    try {
      expect(await migrate(client, directory)).toEqual(["0001_first.sql", "0002_second.sql"]);
      expect(await migrate(client, directory)).toEqual([]);
      expect(await client.query("SELECT id FROM second_table")).toEqual([{ id: 1 }]);
    } finally {
      await client.close();
    }
  });

  it("refuses a migration that changed after it was applied, and rolls back a failing one", async () => {
    const client = await createEmptyTestClient();
    const changed = await mkdtemp(join(tmpdir(), "alphadesk-migrations-"));
    try {
      await writeFile(
        join(changed, "0001_first.sql"),
        "CREATE TABLE first_table (id int PRIMARY KEY);",
      );
      await migrate(client, changed);
      await writeFile(
        join(changed, "0001_first.sql"),
        "CREATE TABLE first_table (id bigint PRIMARY KEY);",
      );
      await expect(migrate(client, changed)).rejects.toMatchObject({
        code: "migration_changed",
        message: expect.stringMatching(/0001_first\.sql was changed after it was applied/),
      });
      await writeFile(
        join(changed, "0001_first.sql"),
        "CREATE TABLE first_table (id int PRIMARY KEY);",
      );
      await writeFile(
        join(changed, "0002_broken.sql"),
        "CREATE TABLE half (id int);\nSELECT * FROM no_such_table;",
      );
      await expect(migrate(client, changed)).rejects.toThrow(/no_such_table/);
      expect(await client.query("SELECT to_regclass('half') AS half")).toEqual([{ half: null }]);
    } finally {
      await client.close();
      await rm(changed, { recursive: true, force: true });
    }
  });
});

const available = await useServer("concurrent migration on a PostgreSQL server is skipped");

describe.skipIf(!available)("migrate on a PostgreSQL server", () => {
  it("applies each migration once when four processes migrate at the same time", async () => {
    const database = await createScratchDatabase();
    const clients = await Promise.all([1, 2, 3, 4].map(() => PostgresClient.open(database.url)));
    try {
      const applied = await Promise.all(clients.map((client) => migrate(client, directory)));
      expect(applied.flat().sort()).toEqual(["0001_first.sql", "0002_second.sql"]);
      expect(await clients[0]!.query("SELECT count(*)::int AS n FROM schema_migrations")).toEqual([
        { n: 2 },
      ]);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await database.drop();
    }
  });
});
