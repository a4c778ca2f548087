import type {
  CorrelationHistoryQuery,
  CorrelationRegimeEvent,
  CorrelationSnapshot,
  CurrencyStrengthSnapshot,
  SnapshotRegimeEvent,
} from "../../ports/store.ts";
import type { SqlClient } from "./client.ts";
import { appendEvent } from "./event-log.ts";
import { epochMs } from "./epoch-ms.ts";

// The Store's correlation history, kept apart from store.ts so each file does one job.

/** A symbol set's key: md5 of its symbols in order (the unique key cannot hold thousands of names). */
const setKey = (parameter: string) => `md5(array_to_string(${parameter}::text[], chr(31)))`;

interface SnapshotRow {
  id: string;
  symbols: string[];
  timeframe: CorrelationSnapshot["timeframe"];
  window_bars: number;
  as_of: number;
  matrix: number[];
  average_correlation: number;
  first_eigen_share: number;
  created: number;
}

const snapshotColumns = `id::text AS id, symbols, timeframe, window_bars, ${epochMs("as_of")} AS as_of, matrix,
  average_correlation, first_eigen_share, ${epochMs("created_at")} AS created`;

function toSnapshot(row: SnapshotRow): CorrelationSnapshot {
  return {
    id: row.id,
    symbols: row.symbols,
    timeframe: row.timeframe,
    windowBars: row.window_bars,
    asOfMs: Math.round(row.as_of),
    matrix: row.matrix.map(Number),
    averageCorrelation: row.average_correlation,
    firstEigenShare: row.first_eigen_share,
    createdAtMs: Math.round(row.created),
  };
}

/** `WHERE` clauses for a history query over tables with set_key, timeframe and window_bars. */
const historyFilter = `($1::text[] IS NULL OR set_key = ${setKey("$1")})
  AND ($2::text IS NULL OR timeframe = $2) AND ($3::int IS NULL OR window_bars = $3)`;
const historyParameters = (query: CorrelationHistoryQuery) => [
  query.symbols ? [...query.symbols] : null,
  query.timeframe ?? null,
  query.windowBars ?? null,
  query.limit,
];

export async function saveCorrelationSnapshot(
  client: SqlClient,
  snapshot: Omit<CorrelationSnapshot, "id" | "createdAtMs">,
  events: readonly SnapshotRegimeEvent[],
): Promise<{ snapshot: CorrelationSnapshot; newEvents: number }> {
  return client.transaction(async (tx) => {
    // News is what happened since the set's last snapshot; a first snapshot's history is not.
    const [previous] = await tx.query<{ as_of: number | null }>(
      `SELECT ${epochMs("max(as_of)")} AS as_of FROM correlation_snapshots
       WHERE set_key = ${setKey("$1")} AND timeframe = $2 AND window_bars = $3`,
      [snapshot.symbols, snapshot.timeframe, snapshot.windowBars],
    );
    const newsSinceMs = previous?.as_of ?? snapshot.asOfMs;
    const [row] = await tx.query<SnapshotRow>(
      `INSERT INTO correlation_snapshots
         (set_key, symbols, timeframe, window_bars, as_of, matrix, average_correlation, first_eigen_share)
       VALUES (${setKey("$1")}, $1::text[], $2, $3, to_timestamp($4::float8 / 1000.0), $5::float8[], $6, $7)
       RETURNING ${snapshotColumns}`,
      [
        snapshot.symbols,
        snapshot.timeframe,
        snapshot.windowBars,
        snapshot.asOfMs,
        snapshot.matrix,
        snapshot.averageCorrelation,
        snapshot.firstEigenShare,
      ],
    );
    const saved = toSnapshot(row!);
    if (events.length === 0) return { snapshot: saved, newEvents: 0 };
    const inserted = await tx.query<{ at: number } & Omit<SnapshotRegimeEvent, "atMs">>(
      `INSERT INTO correlation_regime_events
         (set_key, symbols, timeframe, window_bars, at, metric, direction, value, baseline, shift, snapshot_id)
       SELECT snapshot.set_key, snapshot.symbols, snapshot.timeframe, snapshot.window_bars,
              to_timestamp(t / 1000.0), m, d, v, b, sh, snapshot.id
       FROM correlation_snapshots AS snapshot,
            unnest($2::float8[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[]) AS u(t, m, d, v, b, sh)
       WHERE snapshot.id = $1::uuid
       ON CONFLICT DO NOTHING
       RETURNING ${epochMs("at")} AS at, metric, direction, value, baseline, shift`,
      [
        saved.id,
        events.map((event) => event.atMs),
        events.map((event) => event.metric),
        events.map((event) => event.direction),
        events.map((event) => event.value),
        events.map((event) => event.baseline),
        events.map((event) => event.shift),
      ],
    );
    for (const event of inserted) {
      const { symbols, timeframe, windowBars } = saved;
      const { at, ...measured } = event;
      if (at < newsSinceMs) continue;
      await appendEvent(tx, "correlation.regime", {
        snapshotId: saved.id,
        symbols,
        timeframe,
        windowBars,
        atMs: Math.round(at),
        ...measured,
      });
    }
    return { snapshot: saved, newEvents: inserted.length };
  });
}

export async function listCorrelationSnapshots(
  client: SqlClient,
  query: CorrelationHistoryQuery,
): Promise<CorrelationSnapshot[]> {
  const rows = await client.query<SnapshotRow>(
    `SELECT ${snapshotColumns} FROM correlation_snapshots WHERE ${historyFilter}
     ORDER BY created_at DESC, as_of DESC, seq DESC LIMIT $4::int`,
    historyParameters(query),
  );
  return rows.map(toSnapshot);
}

export async function listRegimeEvents(
  client: SqlClient,
  query: CorrelationHistoryQuery,
): Promise<CorrelationRegimeEvent[]> {
  const rows = await client.query<{
    symbols: string[];
    timeframe: CorrelationRegimeEvent["timeframe"];
    window_bars: number;
    at: number;
    metric: CorrelationRegimeEvent["metric"];
    direction: CorrelationRegimeEvent["direction"];
    value: number;
    baseline: number;
    shift: number;
  }>(
    `SELECT symbols, timeframe, window_bars, ${epochMs("at")} AS at, metric, direction, value, baseline, shift
     FROM correlation_regime_events WHERE ${historyFilter}
     ORDER BY at DESC, metric LIMIT $4::int`,
    historyParameters(query),
  );
  return rows.map((row) => ({
    symbols: row.symbols,
    timeframe: row.timeframe,
    windowBars: row.window_bars,
    atMs: Math.round(row.at),
    metric: row.metric,
    direction: row.direction,
    value: row.value,
    baseline: row.baseline,
    shift: row.shift,
  }));
}

interface StrengthRow {
  id: string;
  as_of: number;
  horizon_bars: number;
  scores: CurrencyStrengthSnapshot["scores"];
  created: number;
}

const strengthColumns = `id::text AS id, ${epochMs("as_of")} AS as_of, horizon_bars, scores, ${epochMs("created_at")} AS created`;

const toStrength = (row: StrengthRow): CurrencyStrengthSnapshot => ({
  id: row.id,
  asOfMs: Math.round(row.as_of),
  horizonBars: row.horizon_bars,
  scores: row.scores,
  createdAtMs: Math.round(row.created),
});

export async function saveCurrencyStrength(
  client: SqlClient,
  snapshot: Omit<CurrencyStrengthSnapshot, "id" | "createdAtMs">,
): Promise<CurrencyStrengthSnapshot> {
  const [row] = await client.query<StrengthRow>(
    `INSERT INTO currency_strength (as_of, horizon_bars, scores)
     VALUES (to_timestamp($1::float8 / 1000.0), $2, $3::jsonb) RETURNING ${strengthColumns}`,
    [snapshot.asOfMs, snapshot.horizonBars, JSON.stringify(snapshot.scores)],
  );
  return toStrength(row!);
}

export async function listCurrencyStrength(
  client: SqlClient,
  query: { horizonBars?: number; limit: number },
): Promise<CurrencyStrengthSnapshot[]> {
  const rows = await client.query<StrengthRow>(
    `SELECT ${strengthColumns} FROM currency_strength WHERE ($1::int IS NULL OR horizon_bars = $1)
     ORDER BY created_at DESC, as_of DESC, seq DESC LIMIT $2::int`,
    [query.horizonBars ?? null, query.limit],
  );
  return rows.map(toStrength);
}
