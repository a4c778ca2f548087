import { afterAll, describe } from "vitest";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { withCleanup } from "../../../test/support/store-with-cleanup.ts";
import { openStore } from "../open-store.ts";
import { storeContract } from "../store.contract.ts";

const available = await useServer("the store contract on a PostgreSQL server is skipped");
const drops: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});

describe.skipIf(!available)("PostgreSQL server", () => {
  storeContract("the machine's PostgreSQL server", async () => {
    const database = await createScratchDatabase({ migrated: true });
    const store = await openStore({ databaseUrl: database.url, home: "unused" });
    return withCleanup(store, database.drop);
  });
});
