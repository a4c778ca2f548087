import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { PostgresClient } from "../postgres/client.ts";
import type { SqlClient } from "./client.ts";
import { migrate } from "./migrate.ts";

const insert = (value: string) =>
  `INSERT INTO bars VALUES ('AAA', '1d', '2024-01-02T00:00:00Z', ${value}, ${value}, ${value}, ${value}, 1)`;

function schemaChecks(name: string, open: () => Promise<SqlClient>) {
  describe(`the bars schema on ${name}`, () => {
    let client: SqlClient;
    beforeAll(async () => {
      client = await open();
      await migrate(client);
      await client.exec("INSERT INTO instruments (symbol) VALUES ('AAA')");
    });
    afterAll(async () => {
      await client.close();
    });

    it.each(["'NaN'", "'Infinity'"])("refuses a price of %s", async (value) => {
      await expect(client.exec(insert(value))).rejects.toThrow(/bars_values_finite/);
      expect(await client.query("SELECT count(*)::int AS n FROM bars")).toEqual([{ n: 0 }]);
    });

    it("keeps bars a plain table where TimescaleDB is absent", async () => {
      const [available] = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'timescaledb'",
      );
      const [installed] = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'",
      );
      // Neither PGlite nor this machine's PostgreSQL ships TimescaleDB: the hypertable branch is
      // skipped, and the migration still counts as applied.
      expect(available!.n).toBe(0);
      expect(installed!.n).toBe(0);
      const applied = await client.query<{ name: string }>(
        "SELECT name FROM schema_migrations WHERE name = '0005_timescale.sql'",
      );
      expect(applied).toHaveLength(1);
    });
  });
}

schemaChecks("PGlite", createEmptyTestClient);

const available = await useServer("the bars schema checks on PostgreSQL need the server");
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
describe.skipIf(!available)("PostgreSQL server", () => {
  afterAll(async () => {
    await scratch?.drop();
  });
  schemaChecks("the machine's PostgreSQL server", async () => {
    scratch = await createScratchDatabase();
    return PostgresClient.open(scratch.url);
  });
});
