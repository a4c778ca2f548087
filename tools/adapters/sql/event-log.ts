import type { EventLog, EventPayloads, EventTopic, StoredEvent } from "../../ports/events.ts";
import type { SqlClient } from "./client.ts";

/**
 * Appends an event inside the caller's transaction. The transaction-scoped advisory lock makes
 * event writers take ids in commit order (each holds it until it commits), so a reader's
 * `id > cursor` never passes over an event still being written.
 */
export async function appendEvent<Topic extends EventTopic>(
  tx: SqlClient,
  topic: Topic,
  payload: EventPayloads[Topic],
): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('alphadesk.events'))`);
  await tx.query(`INSERT INTO events (topic, payload) VALUES ($1, $2)`, [
    topic,
    JSON.stringify(payload),
  ]);
}

interface EventRow {
  id: string;
  topic: EventTopic;
  at: number;
  payload: unknown;
}

export class SqlEventLog implements EventLog {
  constructor(private readonly client: SqlClient) {}

  async readEvents(query: {
    afterId: number;
    topics?: readonly EventTopic[];
    limit: number;
  }): Promise<StoredEvent[]> {
    const rows = await this.client.query<EventRow>(
      `SELECT id::text AS id, topic, (extract(epoch FROM created_at) * 1000)::float8 AS at, payload
       FROM events
       WHERE id > $1::bigint AND ($2::text[] IS NULL OR topic = ANY($2::text[]))
       ORDER BY events.id LIMIT $3::int`,
      [query.afterId, query.topics ?? null, query.limit],
    );
    return rows.map(
      (row) =>
        ({
          id: Number(row.id),
          topic: row.topic,
          atMs: Math.round(row.at),
          payload: row.payload,
        }) as StoredEvent,
    );
  }

  async lastEventId(): Promise<number> {
    const [row] = await this.client.query<{ id: string }>(
      `SELECT coalesce(max(id), 0)::text AS id FROM events`,
    );
    return Number(row!.id);
  }

  async eventCursor(subscriber: string): Promise<number | undefined> {
    const [row] = await this.client.query<{ id: string }>(
      `SELECT last_id::text AS id FROM event_cursors WHERE subscriber = $1`,
      [subscriber],
    );
    return row ? Number(row.id) : undefined;
  }

  async saveEventCursor(subscriber: string, lastId: number): Promise<void> {
    await this.client.query(
      `INSERT INTO event_cursors (subscriber, last_id) VALUES ($1, $2)
       ON CONFLICT (subscriber) DO UPDATE
         SET last_id = greatest(event_cursors.last_id, EXCLUDED.last_id), updated_at = now()`,
      [subscriber, lastId],
    );
  }
}
