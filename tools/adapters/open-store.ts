import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Store } from "../ports/store.ts";
import type { SecretBox } from "./crypto/secret-box.ts";
import { PgliteClient } from "./pglite/client.ts";
import { lockDataDirectory } from "./pglite/directory-lock.ts";
import { PostgresClient } from "./postgres/client.ts";
import type { SqlClient } from "./sql/client.ts";
import { migrate } from "./sql/migrate.ts";
import { SqlStore } from "./sql/store.ts";

/**
 * PostgreSQL at `databaseUrl` when given, else PGlite in `${home}/pgdata` (locked against other
 * processes while open); migrated before use.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return (await openDatabase(options)).store;
}

export interface OpenStoreOptions {
  databaseUrl?: string;
  home: string;
  lockWaitMs?: number;
  /** Seals strategy parameters at rest; without it they are stored as plaintext (and sealed ones cannot be read). */
  secretBox?: SecretBox;
}

/** The store and its SQL client, for adapters that keep their own tables (the paper broker). */
export async function openDatabase(
  options: OpenStoreOptions,
): Promise<{ store: Store; client: SqlClient }> {
  let client: SqlClient;
  if (options.databaseUrl) client = await PostgresClient.open(options.databaseUrl);
  else {
    const directory = join(options.home, "pgdata");
    await mkdir(directory, { recursive: true });
    const release = await lockDataDirectory(directory, options.lockWaitMs);
    try {
      client = releasingOnClose(await PgliteClient.open(directory), release);
    } catch (error) {
      await release();
      throw error;
    }
  }
  try {
    await migrate(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return { store: new SqlStore(client, options.secretBox), client };
}

/** The client, whose close() also releases the directory lock, after PGlite has written its files. */
function releasingOnClose(client: SqlClient, release: () => Promise<void>): SqlClient {
  return {
    query: (text, params) => client.query(text, params),
    ...(client.copyCsv ? { copyCsv: client.copyCsv.bind(client) } : {}),
    exec: (sql) => client.exec(sql),
    transaction: (work) => client.transaction(work),
    ...(client.prefersPackedRows ? { prefersPackedRows: true } : {}),
    async close() {
      try {
        await client.close();
      } finally {
        await release();
      }
    },
  };
}
