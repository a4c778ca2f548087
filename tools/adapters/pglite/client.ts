import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { SqlClient } from "../sql/client.ts";

/**
 * The extensions every PGlite database is opened with: a data directory whose schema uses one
 * (research embeddings are pgvector's `vector`) cannot be read without it.
 */
export const pgliteExtensions = { vector };

/**
 * PGlite is one database session: a query issued while a transaction is open would run inside
 * it. Every operation therefore waits its turn in one queue.
 */
export class PgliteClient implements SqlClient {
  private queue: Promise<unknown> = Promise.resolve();
  readonly prefersPackedRows = true;

  constructor(readonly database: PGlite) {}

  static async open(dataDirectory?: string): Promise<PgliteClient> {
    const database = new PGlite({ dataDir: dataDirectory, extensions: pgliteExtensions });
    await database.waitReady;
    return new PgliteClient(database);
  }

  query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.enqueue(
      async () => (await this.database.query<Row>(text, params as unknown[])).rows,
    );
  }

  exec(sql: string): Promise<void> {
    return this.enqueue(async () => {
      await this.database.exec(sql);
    });
  }

  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.database.transaction((tx) => work(transactionClient(tx))));
  }

  close(): Promise<void> {
    return this.enqueue(() => this.database.close());
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function transactionClient(tx: Transaction): SqlClient {
  return {
    query: async <Row>(text: string, params: readonly unknown[] = []) =>
      (await tx.query<Row>(text, params as unknown[])).rows,
    exec: async (sql) => {
      await tx.exec(sql);
    },
    transaction: (work) => work(transactionClient(tx)),
    close: async () => {},
  };
}
