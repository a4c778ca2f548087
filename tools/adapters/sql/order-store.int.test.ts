import { afterAll, describe, expect, it } from "vitest";
import { createScratchDatabase, useServer } from "../../../test/support/postgres-server.ts";
import { openStore } from "../open-store.ts";

const available = await useServer("the approval race needs real concurrent connections");
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});

describe.skipIf(!available)("approvals on a PostgreSQL server", () => {
  it("turns 50 concurrent approve clicks into exactly one approval and one queued order", async () => {
    const database = await createScratchDatabase({ migrated: true });
    drops.push(database.drop);
    const store = await openStore({ databaseUrl: database.url, home: "unused" });
    try {
      const hash = "ef".repeat(32);
      const { intent, approval } = await store.proposeIntent(
        {
          strategyId: null,
          broker: "paper-sim",
          symbol: "AAPL",
          side: "buy",
          quantity: 5,
          type: "market",
          limitPrice: null,
          paramsHash: hash,
          risk: {},
          queuedUntilMs: null,
        },
        { approvers: ["U1"], expiresAtMs: Date.now() + 60_000 },
        "U1",
      );
      const clicks = await Promise.all(
        Array.from({ length: 50 }, () =>
          store.decideApproval({
            approvalId: approval.id,
            approve: true,
            actor: "U1",
            paramsHash: hash,
          }),
        ),
      );
      expect(clicks.filter((click) => click.ok)).toHaveLength(1);
      expect(clicks.filter((click) => !click.ok && click.reason === "not_pending")).toHaveLength(
        49,
      );
      expect(await store.pendingOutbox(100)).toEqual([
        { id: expect.any(String), intentId: intent.id, kind: "submit" },
      ]);
      const audit = await store.listAudit({ subject: intent.id, limit: 100 });
      expect(audit.filter((entry) => entry.action === "approval.decided")).toHaveLength(1);
      expect(await store.verifyAuditLog()).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });
});
