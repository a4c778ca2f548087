import { afterAll, describe } from "vitest";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { withCleanup } from "../../../test/support/store-with-cleanup.ts";
import { openStore } from "../open-store.ts";
import { researchStoreContract } from "../research-store.contract.ts";
import { PostgresClient } from "./client.ts";

const available = await useServer("the research store contract on a PostgreSQL server is skipped");
const drops: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});

/** Whether the server offers pgvector: Debian's PostgreSQL 15 does not (ENVIRONMENT.md). */
async function serverHasPgvector(): Promise<boolean> {
  const database = await createScratchDatabase();
  drops.push(database.drop);
  const client = await PostgresClient.open(database.url);
  try {
    const rows = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    return rows.length > 0;
  } finally {
    await client.close();
  }
}

const vectors = available && (await serverHasPgvector());

describe.skipIf(!available)("PostgreSQL server", () => {
  researchStoreContract(
    "the machine's PostgreSQL server",
    async () => {
      const database = await createScratchDatabase({ migrated: true });
      const store = await openStore({ databaseUrl: database.url, home: "unused" });
      return withCleanup(store, database.drop);
    },
    { vectors },
  );
});
