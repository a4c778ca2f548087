/** The little a store needs from a PostgreSQL connection; PGlite and `pg` both implement it. */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Bulk-loads CSV rows (no header) into `table (columns)` with COPY, where it pays: on a
   * PostgreSQL server. PGlite's COPY from a blob grew slower than an upsert with table size
   * (1000 series: 260 s against 39 s), and its socket server does not speak COPY FROM STDIN.
   */
  copyCsv?(table: string, columns: readonly string[], csv: string): Promise<void>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Whether many rows cost more than a few large ones (PGlite: each row crosses WebAssembly). */
  readonly prefersPackedRows?: boolean;
}
