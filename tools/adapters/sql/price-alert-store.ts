import type {
  NewPriceAlert,
  PriceAlert,
  PriceAlertState,
  PriceAlertStore,
  SourcedPrice,
} from "../../ports/price-alerts.ts";
import type { SqlClient } from "./client.ts";
import { epochMs } from "./epoch-ms.ts";
import { appendEvent } from "./event-log.ts";

// Price alerts (migrations/0029_price_alerts.sql, 0030_price_alert_thread.sql,
// 0031_indicator_alerts.sql): one row per alert, fired or cancelled once.

interface AlertRow {
  id: string;
  symbol: string;
  indicator: PriceAlert["indicator"];
  direction: PriceAlert["direction"];
  level: number;
  price_at_set: number;
  price_source: string;
  note: string | null;
  actor: string;
  thread: string | null;
  state: PriceAlertState;
  created: number;
  triggered: number | null;
  triggered_price: number | null;
  triggered_price_at: number | null;
  triggered_source: string | null;
  cancelled: number | null;
  cancelled_by: string | null;
}

const columns = `id::text AS id, symbol, indicator, direction, level, price_at_set, price_source, note, actor,
  thread, state, ${epochMs("created_at")} AS created, ${epochMs("triggered_at")} AS triggered,
  triggered_price, ${epochMs("triggered_price_at")} AS triggered_price_at, triggered_source,
  ${epochMs("cancelled_at")} AS cancelled, cancelled_by`;

const hexPrefix = /^[0-9a-f-]{1,36}$/;

export class SqlPriceAlertStore implements PriceAlertStore {
  constructor(private readonly client: SqlClient) {}

  async savePriceAlert(alert: NewPriceAlert): Promise<PriceAlert> {
    const [row] = await this.client.query<AlertRow>(
      `INSERT INTO price_alerts
         (symbol, direction, level, price_at_set, price_source, note, actor, thread, indicator)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING ${columns}`,
      [
        alert.symbol,
        alert.direction,
        alert.level,
        alert.priceAtSet,
        alert.priceSource,
        alert.note,
        alert.actor,
        alert.thread,
        alert.indicator === null ? null : JSON.stringify(alert.indicator),
      ],
    );
    return toAlert(row!);
  }

  async listPriceAlerts(query: {
    states?: readonly PriceAlertState[];
    symbol?: string;
    limit: number;
  }): Promise<PriceAlert[]> {
    const rows = await this.client.query<AlertRow>(
      `SELECT ${columns} FROM price_alerts
       WHERE ($1::text[] IS NULL OR state = ANY($1::text[])) AND ($2::text IS NULL OR symbol = $2)
       ORDER BY created_at DESC, seq DESC LIMIT $3::int`,
      [query.states ?? null, query.symbol ?? null, query.limit],
    );
    return rows.map(toAlert);
  }

  async findPriceAlerts(prefix: string): Promise<PriceAlert[]> {
    const start = prefix.toLowerCase();
    if (!hexPrefix.test(start)) return [];
    const rows = await this.client.query<AlertRow>(
      `SELECT ${columns} FROM price_alerts WHERE starts_with(id::text, $1)
       ORDER BY created_at DESC, seq DESC LIMIT 20`,
      [start],
    );
    return rows.map(toAlert);
  }

  async cancelPriceAlert(id: string, actor: string): Promise<PriceAlert | undefined> {
    const [cancelled] = await this.client.query<AlertRow>(
      `UPDATE price_alerts SET state = 'cancelled', cancelled_at = now(), cancelled_by = $2
       WHERE id = $1::uuid AND state = 'active' RETURNING ${columns}`,
      [id, actor],
    );
    if (cancelled) return toAlert(cancelled);
    const [row] = await this.client.query<AlertRow>(
      `SELECT ${columns} FROM price_alerts WHERE id = $1::uuid`,
      [id],
    );
    return row && toAlert(row);
  }

  triggerPriceAlert(id: string, price: SourcedPrice): Promise<PriceAlert | undefined> {
    return this.client.transaction(async (tx) => {
      // The state in the WHERE makes it a compare-and-set: of two checkers, one fires it.
      const [row] = await tx.query<AlertRow>(
        `UPDATE price_alerts SET state = 'triggered', triggered_at = now(), triggered_price = $2,
           triggered_price_at = to_timestamp($3::float8 / 1000.0), triggered_source = $4
         WHERE id = $1::uuid AND state = 'active' RETURNING ${columns}`,
        [id, price.price, price.atMs, price.source],
      );
      if (!row) return undefined;
      const alert = toAlert(row);
      await appendEvent(tx, "price.alert", {
        alertId: alert.id,
        symbol: alert.symbol,
        indicator: alert.indicator,
        direction: alert.direction,
        level: alert.level,
        price: price.price,
        priceAtMs: price.atMs,
        source: price.source,
        note: alert.note,
        actor: alert.actor,
        setAtMs: alert.createdAtMs,
        thread: alert.thread,
      });
      return alert;
    });
  }
}

function toAlert(row: AlertRow): PriceAlert {
  return {
    id: row.id,
    symbol: row.symbol,
    indicator: row.indicator,
    direction: row.direction,
    level: row.level,
    priceAtSet: row.price_at_set,
    priceSource: row.price_source,
    note: row.note,
    actor: row.actor,
    thread: row.thread,
    state: row.state,
    createdAtMs: Math.round(row.created),
    triggered:
      row.triggered === null || row.triggered_price === null
        ? null
        : {
            price: row.triggered_price,
            atMs: Math.round(row.triggered_price_at ?? row.triggered),
            source: row.triggered_source ?? "",
            firedAtMs: Math.round(row.triggered),
          },
    cancelled:
      row.cancelled === null ? null : { atMs: Math.round(row.cancelled), actor: row.cancelled_by! },
  };
}
