import { afterAll, describe, expect, it } from "vitest";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import type { ScanCompleted } from "../../ports/events.ts";
import { PostgresClient } from "../postgres/client.ts";
import { appendEvent, SqlEventLog } from "./event-log.ts";
import { migrate } from "./migrate.ts";

const available = await useServer("the event log's concurrency test needs a server");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});

const scanned = (symbolsScanned: number): ScanCompleted => ({
  scanId: `scan-${symbolsScanned}`,
  symbolsScanned,
  candidatesTested: 0,
  findings: 0,
  newFindings: [],
  newFindingsCount: 0,
  decayed: 0,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)("the event log on a PostgreSQL server", () => {
  it("hands out ids in commit order, so a reader past id n never misses one committed later", async () => {
    const database = await createScratchDatabase({ migrated: true });
    drops.push(database.drop);
    const client = await PostgresClient.open(database.url);
    await migrate(client);
    const log = new SqlEventLog(client);
    try {
      let finishFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (finishFirst = resolve));
      let firstAppended!: () => void;
      const appended = new Promise<void>((resolve) => (firstAppended = resolve));
      const first = client.transaction(async (tx) => {
        await appendEvent(tx, "scan.completed", scanned(1));
        firstAppended();
        await firstMayCommit;
      });
      await appended;
      let secondDone = false;
      const second = client
        .transaction((tx) => appendEvent(tx, "scan.completed", scanned(2)))
        .then(() => (secondDone = true));
      await sleep(200);
      // Without the lock the second would have committed a higher id by now, and a reader
      // moving its cursor past it would skip the first's lower id when it commits.
      expect(secondDone).toBe(false);
      expect(await log.readEvents({ afterId: 0, limit: 10 })).toEqual([]);
      finishFirst();
      await Promise.all([first, second]);
      const events = await log.readEvents({ afterId: 0, limit: 10 });
      expect(events.map((event) => event.payload)).toEqual([scanned(1), scanned(2)]);
      expect(events[0]!.id).toBeLessThan(events[1]!.id);
    } finally {
      await client.close();
    }
  });
});
