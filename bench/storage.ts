import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { generateMarket } from "../engine/synthetic/index.ts";
import { PgliteClient } from "../tools/adapters/pglite/client.ts";
import { PostgresClient } from "../tools/adapters/postgres/client.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import { migrate } from "../tools/adapters/sql/migrate.ts";
import { SqlStore } from "../tools/adapters/sql/store.ts";
import { readBarsCsv } from "../tools/bars/read-bars-csv.ts";
import { createReadStream } from "node:fs";

// `npm run bench:storage`: the import and load figures of the market-data issue, on PGlite and
// on the machine's PostgreSQL, beside `psql \copy` of the same CSV as the ceiling.
const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const minuteRows = 491_000;

async function dailyCsv(path: string): Promise<number> {
  const symbols = Array.from({ length: 1000 }, (_, i) => `S${String(i).padStart(4, "0")}`);
  const market = generateMarket({ symbols, years: 5, seed: 1 });
  const lines = ["symbol,timestamp,open,high,low,close,volume"];
  for (const bars of market.bars) {
    for (let i = 0; i < 1260 && i < bars.close.length; i++) {
      lines.push(
        `${bars.symbol},${bars.timestampMs[i]},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`,
      );
    }
  }
  await writeFile(path, lines.join("\n"));
  return lines.length - 1;
}

function minuteBars() {
  const start = Date.UTC(2020, 0, 2, 14, 30);
  const close = Float64Array.from({ length: minuteRows }, (_, i) => 100 + Math.sin(i / 500));
  return {
    symbol: "MINUTE",
    timestampMs: Float64Array.from({ length: minuteRows }, (_, i) => start + i * 60_000),
    open: close,
    high: close.map((value) => value + 0.05),
    low: close.map((value) => value - 0.05),
    close,
    volume: close.map(() => 100),
  };
}

async function measure(
  name: string,
  client: SqlClient,
  csvPath: string,
  rows: number,
): Promise<void> {
  await migrate(client);
  const store = new SqlStore(client);
  let started = performance.now();
  const series = await readBarsCsv(createReadStream(csvPath));
  const { imported } = await store.writeBars("1d", series);
  const importSeconds = (performance.now() - started) / 1000;
  await store.writeBars("1m", [minuteBars()]);
  started = performance.now();
  const loaded = await store.requestBars("MINUTE", "1m");
  const loadSeconds = (performance.now() - started) / 1000;
  console.log(
    `${name.padEnd(11)} import ${imported} daily rows from CSV: ${importSeconds.toFixed(1)} s (${Math.round(rows / importSeconds).toLocaleString("en")} rows/s); ` +
      `load ${loaded!.close.length} minute rows into columns: ${loadSeconds.toFixed(2)} s (${Math.round(minuteRows / loadSeconds).toLocaleString("en")} rows/s)`,
  );
}

const directory = await mkdtemp(join(tmpdir(), "alphadesk-bench-"));
try {
  const csvPath = join(directory, "daily.csv");
  const rows = await dailyCsv(csvPath);
  const lite = await PgliteClient.open();
  await measure("PGlite", lite, csvPath, rows);
  await lite.close();

  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch {
    console.log(`PostgreSQL  skipped: not reachable at ${new URL(serverUrl).host}`);
    process.exit(0);
  }
  const database = `alphadesk_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const server = await PostgresClient.open(url.toString());
    await measure("PostgreSQL", server, csvPath, rows);
    await server.close();
    // The ceiling: psql's \copy of the same file into a bare table.
    const started = performance.now();
    execFileSync("psql", [
      url.toString(),
      "-q",
      "-c",
      "CREATE TABLE raw (symbol text, ts bigint, o float8, h float8, l float8, c float8, v float8)",
      "-c",
      `\\copy raw FROM '${csvPath}' CSV HEADER`,
    ]);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `psql \\copy  ${rows} rows of the same CSV into a bare table: ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString("en")} rows/s) — the ceiling`,
    );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
