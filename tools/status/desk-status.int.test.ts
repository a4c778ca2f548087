import { afterEach, describe, expect, it } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { InProcessQueue } from "../adapters/queue/in-process.ts";
import { proposeOrder } from "../orders/propose-order.ts";
import { runTool } from "../run-tool.ts";
import { deskStatus } from "./desk-status.ts";

let harness: OrderHarness | undefined;
let queue: InProcessQueue | undefined;
afterEach(async () => {
  await queue?.close();
  await harness?.close();
  harness = queue = undefined;
});

describe("desk_status", () => {
  it("shows a quiet desk: trading on the configured broker, nothing waiting or running", async () => {
    const h = (harness = await orderHarness());
    const status = (await runTool(deskStatus, {}, h.context)) as { riskLimits: unknown };
    expect(status).toEqual({
      trading: { state: "active", reason: null, broker: "paper-sim" },
      riskLimits: expect.any(Object),
      today: expect.objectContaining({ startEquity: 100_000, change: 0 }),
      brokerError: null,
      approvalsPending: 0,
      batchesPending: 0,
      openOrders: 0,
      strategies: [],
      jobs: [],
      research: { sources: 0, failing: [] },
      asOf: new Date(h.now()).toISOString(),
    });
  });

  it("shows the limits every order is checked against: configured, then tightened by the account", async () => {
    const h = (harness = await orderHarness({
      limits: { maxOrderNotional: 5000, denySymbols: ["GME"] },
    }));
    await h.store.setControls("account", { limits: { maxOrdersPerMinute: 3 } }, "risk-officer");
    const { riskLimits } = (await runTool(deskStatus, {}, h.context)) as {
      riskLimits: Record<string, unknown>;
    };
    // RISK_LIMITS' values, the account's tightening, and the defaults (defaultLimits) elsewhere.
    expect(riskLimits).toMatchObject({
      maxOrderNotional: 5000,
      denySymbols: ["GME"],
      maxOrdersPerMinute: 3,
      maxPositionNotional: 50_000,
      dailyLossLimit: 0.02,
    });
  });

  it("gives today's loss against the daily limit, and the rest when the broker does not answer", async () => {
    const h = (harness = await orderHarness({ limits: { dailyLossLimit: 0.03 } }));
    await h.setPrice("AAPL", 200);
    // The paper broker reports no close: the day starts at the desk's first look, 100,000.
    await runTool(deskStatus, {}, h.context);
    await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 100 });
    await h.executor.runOnce();
    await h.executor.settled();
    await h.setPrice("AAPL", 180);
    // 100 AAPL bought at 200 now at 180: 2,000 lost of 3% x 100,000 = 3,000.
    const { today } = (await runTool(deskStatus, {}, h.context)) as {
      today: { lossLimit: Record<string, number> };
    };
    expect(today.lossLimit.amount).toBeCloseTo(3000, 9);
    expect(today.lossLimit.loss).toBeCloseTo(2000, 9);
    expect(today.lossLimit.left).toBeCloseTo(1000, 9);

    const down = {
      ...h.context,
      execution: {
        ...h.execution,
        broker: Object.assign(Object.create(h.broker) as typeof h.broker, {
          account: () => Promise.reject(new Error("503 Service Unavailable")),
        }),
      },
    };
    expect(await runTool(deskStatus, {}, down)).toMatchObject({
      today: null,
      brokerError: "503 Service Unavailable",
      trading: { state: "active" },
    });
    // The store's failure is its own, never passed off as the broker's.
    const storeDown = {
      ...h.context,
      store: Object.assign(Object.create(h.store) as typeof h.store, {
        dayStartEquity: () => Promise.reject(new Error("connection terminated")),
      }),
    };
    await expect(runTool(deskStatus, {}, storeDown)).rejects.toThrow("connection terminated");
  });

  it("lists the research sources whose last read failed, most failures in a row first", async () => {
    const h = (harness = await orderHarness());
    const add = async (name: string) =>
      (
        await h.store.addResearchSource({
          url: `https://${name}.example/feed`,
          kind: "rss",
          name,
          credibility: 0.5,
          category: null,
          schedule: null,
        })
      ).source.id;
    const [healthy, once, twice] = [await add("healthy"), await add("once"), await add("twice")];
    const good = { etag: null, lastModified: null, fetchedAtMs: Date.UTC(2026, 0, 1) };
    await h.store.recordResearchFetch(healthy, good);
    await h.store.recordResearchFetch(once, good);
    await h.store.recordResearchFailure(once, {
      error: "HTTP 404",
      failedAtMs: Date.UTC(2026, 0, 2),
    });
    for (const day of [2, 3]) {
      await h.store.recordResearchFailure(twice, {
        error: `timed out (day ${day})`,
        failedAtMs: Date.UTC(2026, 0, day),
      });
    }
    const status = (await runTool(deskStatus, {}, h.context)) as { research: unknown };
    expect(status.research).toEqual({
      sources: 3,
      failing: [
        {
          id: twice,
          name: "twice",
          url: "https://twice.example/feed",
          consecutiveFailures: 2,
          lastError: "timed out (day 3)",
          lastErrorAt: "2026-01-03T00:00:00.000Z",
          lastReadAt: null,
        },
        {
          id: once,
          name: "once",
          url: "https://once.example/feed",
          consecutiveFailures: 1,
          lastError: "HTTP 404",
          lastErrorAt: "2026-01-02T00:00:00.000Z",
          lastReadAt: "2026-01-01T00:00:00.000Z",
        },
      ],
    });
  });

  it("counts approvals waiting and orders in flight, says why trading is halted, and lists running jobs", async () => {
    const h = (harness = await orderHarness());
    await h.setPrice("AAPL", 190);
    await runTool(proposeOrder, { symbol: "AAPL", side: "buy", quantity: 5 }, h.context);
    await h.proposeApproved({ symbol: "AAPL", side: "buy", quantity: 3 });
    await h.halt.raise({ reason: "checking the feed", actor: "U1", atMs: h.now() });
    queue = new InProcessQueue(h.now);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    queue.handle("scan", async (_data, job) => {
      job.progress(0.4, "scanning NASDAQ");
      await released;
    });
    await queue.start();
    const jobId = await queue.enqueue("scan", {});

    const status = await runTool(deskStatus, {}, { ...h.context, fanOut: queue });
    expect(status).toMatchObject({
      trading: { state: "halted", reason: "checking the feed", broker: "paper-sim" },
      approvalsPending: 1,
      openOrders: 1,
      jobs: [
        {
          id: jobId,
          name: "scan",
          state: "active",
          progress: 0.4,
          message: "scanning NASDAQ",
          enqueuedAt: new Date(h.now()).toISOString(),
        },
      ],
    });
    release();
    await queue.result(jobId);
  });

  it("refuses input it does not take, naming the field", async () => {
    const h = (harness = await orderHarness());
    await expect(runTool(deskStatus, { verbose: true }, h.context)).rejects.toThrow(/verbose/);
  });
});
