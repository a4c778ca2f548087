import type {
  AlertKey,
  AlertOutcome,
  AlertRecord,
  WebhookAlertLog,
} from "../../ports/webhook-alerts.ts";
import type { SqlClient } from "./client.ts";
import { epochMs } from "./epoch-ms.ts";

// Webhook alerts (migrations/0024_webhook_alerts.sql): one row per signal, claimed once.

const keyMatch = `source = $1 AND strategy_id = $2 AND symbol = $3 AND action = $4
  AND bar_time = to_timestamp($5::float8 / 1000.0)`;
const keyParameters = (key: AlertKey) => [
  key.source,
  key.strategyId,
  key.symbol,
  key.action,
  key.barTimeMs,
];

interface AlertRow {
  side: AlertRecord["side"];
  price: number;
  status: AlertOutcome["status"] | "received";
  intent_id: string | null;
  approval_id: string | null;
  note: string | null;
  received: number;
}

export class SqlWebhookAlertLog implements WebhookAlertLog {
  constructor(private readonly client: SqlClient) {}

  async claim(
    alert: Omit<AlertRecord, "outcome">,
  ): Promise<{ claimed: true } | { claimed: false; earlier: AlertRecord }> {
    // ON CONFLICT DO NOTHING: of two identical alerts arriving together, exactly one inserts.
    const inserted = await this.client.query(
      `INSERT INTO webhook_alerts (source, strategy_id, symbol, action, bar_time, side, price, received_at)
       VALUES ($1, $2, $3, $4, to_timestamp($5::float8 / 1000.0), $6, $7, to_timestamp($8::float8 / 1000.0))
       ON CONFLICT DO NOTHING
       RETURNING 1`,
      [...keyParameters(alert.key), alert.side, alert.price, alert.receivedAtMs],
    );
    if (inserted.length === 1) return { claimed: true };
    const [row] = await this.client.query<AlertRow>(
      `SELECT side, price, status, intent_id::text AS intent_id, approval_id::text AS approval_id,
         note, ${epochMs("received_at")} AS received
       FROM webhook_alerts WHERE ${keyMatch}`,
      keyParameters(alert.key),
    );
    // Released between the insert and the read: the earlier delivery failed, so claim again.
    if (!row) return this.claim(alert);
    return {
      claimed: false,
      earlier: {
        key: alert.key,
        side: row.side,
        price: row.price,
        receivedAtMs: Math.round(row.received),
        outcome:
          row.status === "received"
            ? null
            : {
                status: row.status,
                intentId: row.intent_id,
                approvalId: row.approval_id,
                note: row.note ?? "",
              },
      },
    };
  }

  async settle(key: AlertKey, outcome: AlertOutcome, nowMs: number): Promise<void> {
    await this.client.query(
      `UPDATE webhook_alerts SET status = $6, intent_id = $7::uuid, approval_id = $8::uuid,
         note = $9, settled_at = to_timestamp($10::float8 / 1000.0)
       WHERE ${keyMatch}`,
      [
        ...keyParameters(key),
        outcome.status,
        outcome.intentId,
        outcome.approvalId,
        outcome.note,
        nowMs,
      ],
    );
  }

  async release(key: AlertKey): Promise<void> {
    await this.client.query(
      `DELETE FROM webhook_alerts WHERE ${keyMatch} AND status = 'received'`,
      keyParameters(key),
    );
  }
}
