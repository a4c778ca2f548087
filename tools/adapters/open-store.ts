import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Store } from "../ports/store.ts";
import { PgliteClient } from "./pglite/client.ts";
import { PostgresClient } from "./postgres/client.ts";
import type { SqlClient } from "./sql/client.ts";
import { migrate } from "./sql/migrate.ts";
import { SqlStore } from "./sql/store.ts";

/** PostgreSQL at `databaseUrl` when given, else PGlite in `${home}/pgdata`; migrated before use. */
export async function openStore(options: { databaseUrl?: string; home: string }): Promise<Store> {
  let client: SqlClient;
  if (options.databaseUrl) client = await PostgresClient.open(options.databaseUrl);
  else {
    const directory = join(options.home, "pgdata");
    await mkdir(directory, { recursive: true });
    client = await PgliteClient.open(directory);
  }
  try {
    await migrate(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return new SqlStore(client);
}
