import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import pg from "pg";
import type { SqlClient } from "../sql/client.ts";

/** A SqlClient over a `pg` pool; parameters and results as in PGlite (float8 and int4 as numbers). */
export class PostgresClient implements SqlClient {
  readonly copyCsv?: (table: string, columns: readonly string[], csv: string) => Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly canCopy = true,
  ) {
    if (canCopy) this.copyCsv = (table, columns, csv) => this.copyOnce(table, columns, csv);
  }

  static async open(
    connectionString: string,
    options: { maxConnections?: number; copy?: boolean } = {},
  ): Promise<PostgresClient> {
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 8 });
    // An idle connection closed by the server (restart, failover) is dropped by the pool and the
    // next query opens a new one; without a listener the event would crash the process.
    pool.on("error", () => undefined);
    // A pool connects lazily: check now so a bad DATABASE_URL fails at start-up with a clear message.
    const connection = await pool.connect().catch(async (error: Error) => {
      await pool.end().catch(() => undefined);
      throw new Error(
        `cannot connect to DATABASE_URL (${describeTarget(connectionString)}): ${error.message}`,
      );
    });
    connection.release();
    return new PostgresClient(pool, options.copy ?? true);
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(text, params as unknown[])).rows as Row[];
  }

  private async copyOnce(table: string, columns: readonly string[], csv: string): Promise<void> {
    const connection = await this.pool.connect();
    try {
      await copyOver(connection, table, columns, csv);
    } finally {
      connection.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    try {
      await connection.query("BEGIN");
      const result = await work(connectionClient(connection, this.canCopy));
      await connection.query("COMMIT");
      return result;
    } catch (error) {
      await connection.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function connectionClient(connection: pg.PoolClient, canCopy: boolean): SqlClient {
  return {
    query: async <Row>(text: string, params: readonly unknown[] = []) =>
      (await connection.query(text, params as unknown[])).rows as Row[],
    ...(canCopy
      ? {
          copyCsv: (table: string, columns: readonly string[], csv: string) =>
            copyOver(connection, table, columns, csv),
        }
      : {}),
    exec: async (sql) => {
      await connection.query(sql);
    },
    transaction: (work) => work(connectionClient(connection, canCopy)),
    close: async () => {},
  };
}

/** COPY ... FROM STDIN through pg-copy-streams on one connection. */
async function copyOver(
  connection: pg.PoolClient,
  table: string,
  columns: readonly string[],
  csv: string,
): Promise<void> {
  const stream = connection.query(
    copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`),
  );
  await pipeline(Readable.from([csv]), stream);
}

/** Host, port and database of a connection string, never the password. */
function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `host ${url.hostname}:${url.port || 5432}, database ${url.pathname.slice(1) || "(default)"}, user ${decodeURIComponent(url.username) || "(default)"}`;
  } catch {
    return "an unparsable URL";
  }
}
