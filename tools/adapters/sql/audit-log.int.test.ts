import { afterAll, describe, expect, it } from "vitest";
import { createTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import type { NewAuditEntry } from "../../ports/audit.ts";
import { PostgresClient } from "../postgres/client.ts";
import {
  appendAuditIn,
  auditHash,
  auditHashedText,
  genesisHash,
  SqlAuditLog,
} from "./audit-log.ts";
import type { SqlClient } from "./client.ts";
import { migrate } from "./migrate.ts";

const available = await useServer("the audit log's concurrency tests need a server");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});

/**
 * Pinned hashed texts and their sha256, computed outside this code with coreutils:
 * `printf '%s' '<text>' | sha256sum`. Lengths are UTF-8 bytes (`é` is 2), so `|` and `:` inside a
 * value cannot pass for a field boundary.
 */
const pinned = [
  {
    fields: {
      id: "7",
      atMicros: "1719585000123456", // 2024-06-28T14:30:00.123456Z
      actor: "user:1",
      action: "order.proposed",
      subject: "intent|7:é",
      detailsJson: '{"a": "x|y", "b": [1, 2.50]}',
      previousHash: "ab".repeat(32),
    },
    sql: {
      at: "2024-06-28 14:30:00.123456+00",
      details: '{"b": [1, 2.50], "a": "x|y"}', // jsonb sorts the keys and keeps 2.50
    },
    text: `alphadesk.audit.v1|7|1719585000123456|6:user:1|14:order.proposed|11:intent|7:é|28:{"a": "x|y", "b": [1, 2.50]}|${"ab".repeat(32)}`,
    hash: "fa704c4d5a7911f602b54be3f962827c34d0a2c16fa523c0a17ab5525f30512b",
  },
  {
    fields: {
      id: "1",
      atMicros: "0",
      actor: "system",
      action: "kill_switch",
      subject: null,
      detailsJson: "{}",
      previousHash: genesisHash,
    },
    sql: { at: "1970-01-01 00:00:00+00", details: "{}" },
    text: `alphadesk.audit.v1|1|0|6:system|11:kill_switch|-|2:{}|${"0".repeat(64)}`,
    hash: "fd36af986b3ed1c8986ab3942f4b3b51737d743b52cf3ff813ddea550479ae61",
  },
];

/** The database's own hash of a pinned entry (the function the insert trigger calls). */
async function databaseHash(client: SqlClient, vector: (typeof pinned)[number]): Promise<string> {
  const [row] = await client.query<{ hash: string }>(
    `SELECT audit_log_hash($1::bigint, $2::timestamptz, $3, $4, $5, $6::jsonb, $7) AS hash`,
    [
      vector.fields.id,
      vector.sql.at,
      vector.fields.actor,
      vector.fields.action,
      vector.fields.subject,
      vector.sql.details,
      vector.fields.previousHash,
    ],
  );
  return row!.hash;
}

const entry = (n: number): NewAuditEntry => ({
  actor: `worker:${n % 3}`,
  action: "order.submitted",
  subject: `intent-${n}`,
  details: { n, note: "é" },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the hashed text of an audit entry", () => {
  it("is pinned, and TypeScript hashes it as sha256sum does", () => {
    for (const vector of pinned) {
      expect(auditHashedText(vector.fields)).toBe(vector.text);
      expect(auditHash(vector.fields)).toBe(vector.hash);
    }
  });

  it("is what the database hashes too, on PGlite", async () => {
    const client = await createTestClient();
    try {
      for (const vector of pinned) expect(await databaseHash(client, vector)).toBe(vector.hash);
      // A multi-row INSERT ... SELECT chains each row to the one before it.
      await client.query(
        `INSERT INTO audit_log (actor, action, subject, details)
         SELECT 'system', 'fill', NULL, jsonb_build_object('n', n) FROM generate_series(1, 3) AS n`,
      );
      expect(await new SqlAuditLog(client).verifyAuditLog()).toEqual({ ok: true, rows: 3 });
    } finally {
      await client.close();
    }
  });
});

describe.skipIf(!available)("the audit log on a PostgreSQL server", () => {
  async function openLog(maxConnections = 8) {
    const database = await createScratchDatabase({ migrated: true });
    drops.push(database.drop);
    const client = await PostgresClient.open(database.url, { maxConnections });
    await migrate(client);
    return { client, log: new SqlAuditLog(client) };
  }

  it("hashes as TypeScript does", async () => {
    const { client } = await openLog();
    try {
      for (const vector of pinned) expect(await databaseHash(client, vector)).toBe(vector.hash);
    } finally {
      await client.close();
    }
  });

  it("keeps one chain through 20 concurrent appends over a pool", async () => {
    const { client, log } = await openLog(20);
    try {
      const appended = await Promise.all(
        Array.from({ length: 20 }, (_, n) => log.appendAudit(entry(n))),
      );
      expect(await log.verifyAuditLog()).toEqual({ ok: true, rows: 20 });
      const byId = [...appended].sort((a, b) => Number(a.id) - Number(b.id));
      expect(byId.map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, i) => `${i + 1}`));
      byId.forEach((row, i) => {
        expect(row.previousHash).toBe(i === 0 ? genesisHash : byId[i - 1]!.hash);
      });
      expect(new Set(appended.map((row) => row.subject)).size).toBe(20);
    } finally {
      await client.close();
    }
  });

  it("chains 20 concurrent transactions that append, linger and sometimes roll back, without gaps", async () => {
    const { client, log } = await openLog(20);
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) =>
          client.transaction(async (tx) => {
            await tx.query("SELECT pg_sleep($1::float8)", [(n % 5) * 0.005]);
            const appended = await appendAuditIn(tx, entry(n));
            await tx.query("SELECT pg_sleep($1::float8)", [(n % 3) * 0.01]);
            if (n % 4 === 0) throw new Error(`transaction ${n} rolls back`);
            return appended;
          }),
        ),
      );
      const committed = outcomes.filter((outcome) => outcome.status === "fulfilled");
      expect(committed).toHaveLength(15);
      expect(await log.verifyAuditLog()).toEqual({ ok: true, rows: 15 });
      const listed = await log.listAudit({ limit: 100 });
      expect(listed.map((row) => row.id)).toEqual(
        Array.from({ length: 15 }, (_, i) => `${15 - i}`),
      );
      expect(listed.map((row) => row.subject).sort()).toEqual(
        committed.map((outcome) => outcome.value.subject).sort(),
      );
    } finally {
      await client.close();
    }
  });

  it("makes a second writer wait for the first to commit and links it to the first", async () => {
    const { client, log } = await openLog();
    try {
      let firstMayCommit!: () => void;
      const mayCommit = new Promise<void>((resolve) => (firstMayCommit = resolve));
      let firstAppended!: () => void;
      const appended = new Promise<void>((resolve) => (firstAppended = resolve));
      const first = client.transaction(async (tx) => {
        const row = await appendAuditIn(tx, entry(1));
        firstAppended();
        await mayCommit;
        return row;
      });
      await appended;
      let secondDone = false;
      const second = log.appendAudit(entry(2)).then((row) => {
        secondDone = true;
        return row;
      });
      await sleep(200);
      expect(secondDone).toBe(false);
      expect(await log.listAudit({ limit: 10 })).toEqual([]);
      firstMayCommit();
      const [one, two] = await Promise.all([first, second]);
      expect([one.id, two.id]).toEqual(["1", "2"]);
      expect(two.previousHash).toBe(one.hash);
      expect(await log.verifyAuditLog()).toEqual({ ok: true, rows: 2 });
    } finally {
      await client.close();
    }
  });

  it("fails a REPEATABLE READ writer that raced another with a serialization error, never forking", async () => {
    const { client, log } = await openLog();
    try {
      await log.appendAudit(entry(0));
      let snapshotTaken!: () => void;
      const taken = new Promise<void>((resolve) => (snapshotTaken = resolve));
      let otherCommitted!: () => void;
      const committed = new Promise<void>((resolve) => (otherCommitted = resolve));
      const stale = client.transaction(async (tx) => {
        await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        await tx.query("SELECT count(*) FROM audit_log");
        snapshotTaken();
        await committed;
        return appendAuditIn(tx, entry(1));
      });
      await taken;
      await log.appendAudit(entry(2));
      otherCommitted();
      await expect(stale).rejects.toMatchObject({ code: "40001" });
      expect(await log.verifyAuditLog()).toEqual({ ok: true, rows: 2 });
    } finally {
      await client.close();
    }
  });

  it("verifies a log of several batches and names a bad entry deep in it", async () => {
    const { client, log } = await openLog();
    try {
      // One statement of 4500 rows: the trigger chains each to the one before.
      await client.query(
        `INSERT INTO audit_log (actor, action, subject, details)
         SELECT 'system', 'fill', 'intent-' || n, jsonb_build_object('n', n)
         FROM generate_series(1, 4500) AS n`,
      );
      expect(await log.verifyAuditLog()).toEqual({ ok: true, rows: 4500 });
      expect((await log.listAudit({ limit: 2 })).map((row) => row.id)).toEqual(["4500", "4499"]);
      await client.transaction(async (tx) => {
        await tx.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
        await tx.query(`UPDATE audit_log SET details = '{"n": 0}' WHERE id = 4321`);
        await tx.query("ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only");
      });
      expect(await log.verifyAuditLog()).toMatchObject({
        ok: false,
        rows: 4500,
        firstBadId: "4321",
      });
    } finally {
      await client.close();
    }
  });

  it("reads only up to the head it saw first, so an append during verification is not a false alarm", async () => {
    const { client, log } = await openLog();
    try {
      for (let n = 0; n < 5; n++) await log.appendAudit(entry(n));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // A writer that has appended but not committed: verification neither waits for nor counts it.
      const writer = client.transaction(async (tx) => {
        await appendAuditIn(tx, entry(5));
        holding();
        await released;
      });
      await held;
      expect(await log.verifyAuditLog()).toEqual({ ok: true, rows: 5 });
      release();
      await writer;
      expect(await log.verifyAuditLog()).toEqual({ ok: true, rows: 6 });
    } finally {
      await client.close();
    }
  });
});
