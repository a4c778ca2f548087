import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClient } from "../../../test/support/pglite.ts";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import type { AlertKey } from "../../ports/webhook-alerts.ts";
import { PostgresClient } from "../postgres/client.ts";
import type { SqlClient } from "./client.ts";
import { migrate } from "./migrate.ts";
import { SqlStore } from "./store.ts";
import { SqlWebhookAlertLog } from "./webhook-alerts.ts";

const receivedAtMs = Date.UTC(2024, 5, 4, 14, 0);
const keyAt = (barTimeMs: number): AlertKey => ({
  source: "tradingview",
  strategyId: "c".repeat(64),
  symbol: "AAPL",
  action: "entry",
  barTimeMs,
});
const alertAt = (barTimeMs: number) => ({
  key: keyAt(barTimeMs),
  side: "long" as const,
  price: 190.5,
  receivedAtMs,
});

function alertLog(name: string, open: () => Promise<SqlClient>) {
  describe(`webhook alerts on ${name}`, () => {
    let client: SqlClient;
    let alerts: SqlWebhookAlertLog;
    beforeAll(async () => {
      client = await open();
      alerts = new SqlWebhookAlertLog(client);
    });
    afterAll(async () => {
      await client.close();
    });

    it("claims a key once, then answers with what the first alert became", async () => {
      const barTimeMs = Date.UTC(2024, 5, 4, 13, 0, 0, 123);
      expect(await alerts.claim(alertAt(barTimeMs))).toEqual({ claimed: true });
      expect(await alerts.claim(alertAt(barTimeMs))).toEqual({
        claimed: false,
        earlier: { ...alertAt(barTimeMs), outcome: null },
      });
      const { intent, approval } = await new SqlStore(client).proposeIntent(
        {
          strategyId: null,
          broker: "paper-sim",
          symbol: "AAPL",
          side: "buy",
          quantity: 105,
          type: "market",
          limitPrice: null,
          paramsHash: "d".repeat(64),
          risk: {},
          queuedUntilMs: null,
        },
        { approvers: ["cli"], expiresAtMs: receivedAtMs + 60_000 },
        "test",
      );
      const outcome = {
        status: "pending" as const,
        intentId: intent.id,
        approvalId: approval.id,
        note: "20% of equity",
      };
      await alerts.settle(keyAt(barTimeMs), outcome, receivedAtMs + 1);
      // Settled, the claim is no longer given back.
      await alerts.release(keyAt(barTimeMs));
      expect(await alerts.claim({ ...alertAt(barTimeMs), price: 1 })).toEqual({
        claimed: false,
        earlier: { ...alertAt(barTimeMs), outcome },
      });
      // One millisecond on is another bar.
      expect(await alerts.claim(alertAt(barTimeMs + 1))).toEqual({ claimed: true });
    });

    it("gives a released claim back for a retry", async () => {
      const barTimeMs = Date.UTC(2024, 5, 4, 12, 0);
      expect(await alerts.claim(alertAt(barTimeMs))).toEqual({ claimed: true });
      await alerts.release(keyAt(barTimeMs));
      expect(await alerts.claim(alertAt(barTimeMs))).toEqual({ claimed: true });
    });

    it("lets exactly one of many identical alerts arriving at once claim the key", async () => {
      const barTimeMs = Date.UTC(2024, 5, 4, 11, 0);
      const claims = await Promise.all(
        Array.from({ length: 8 }, () => alerts.claim(alertAt(barTimeMs))),
      );
      expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    });
  });
}

alertLog("PGlite", createTestClient);

const available = await useServer("webhook alerts on PostgreSQL need the server");
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await drop?.();
});
describe.skipIf(!available)("PostgreSQL server", () => {
  alertLog("the machine's PostgreSQL server (eight connections racing)", async () => {
    const scratch = await createScratchDatabase({ migrated: true });
    drop = scratch.drop;
    const client = await PostgresClient.open(scratch.url);
    await migrate(client);
    return client;
  });
});
