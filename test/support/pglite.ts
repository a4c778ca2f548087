import { PGlite } from "@electric-sql/pglite";
import { PgliteClient } from "../../tools/adapters/pglite/client.ts";
import { migrate } from "../../tools/adapters/sql/migrate.ts";
import { SqlStore } from "../../tools/adapters/sql/store.ts";
import type { Store } from "../../tools/ports/store.ts";

let template: Promise<Blob> | undefined;

/** A fresh PGlite initdb costs seconds; a migrated template is built once per test process and cloned. */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const client = await PgliteClient.open();
    await migrate(client);
    const dump = await client.database.dumpDataDir("none");
    await client.close();
    return dump;
  })();
  return template;
}

/** An in-memory, migrated PGlite client of its own. */
export async function createTestClient(): Promise<PgliteClient> {
  const database = new PGlite({ loadDataDir: await migratedTemplate() });
  await database.waitReady;
  return new PgliteClient(database);
}

/** An in-memory, migrated store of its own: tests never share data. */
export async function createTestStore(): Promise<Store> {
  return new SqlStore(await createTestClient());
}
