import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../../test/support/eventually.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import type { EventLog, StoredEvent } from "../ports/events.ts";
import type { Store } from "../ports/store.ts";
import { deliverEvents } from "./deliver-events.ts";
import { describeEvent } from "./describe-event.ts";

let store: Store;
beforeEach(async () => {
  store = await createTestStore();
});
afterEach(async () => {
  await store.close();
});

const scan = (symbols: string[]) =>
  store.saveScan(
    {
      options: {},
      symbols,
      families: ["momentum"],
      timeframe: "1d",
      candidatesTested: 5,
      startedMs: 0,
    },
    [],
  );
const symbolsOf = (event: StoredEvent) =>
  event.topic === "scan.completed" ? event.payload.symbolsScanned : -1;

describe("deliverEvents", () => {
  it("delivers in order from a named subscriber's cursor, each event once across runs", async () => {
    await scan(["A"]);
    await scan(["A", "B"]);
    const seen: number[] = [];
    const first = await deliverEvents(store, { subscriber: "slack", afterId: 0 }, (event) => {
      seen.push(symbolsOf(event));
    });
    expect(first).toBe(2);
    await scan(["A", "B", "C"]);
    await deliverEvents(
      store,
      { subscriber: "slack" },
      (event) => void seen.push(symbolsOf(event)),
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it("delivers again an event whose handling failed: at least once, nothing lost", async () => {
    await scan(["A"]);
    await scan(["A", "B"]);
    const failing = deliverEvents(store, { subscriber: "discord", afterId: 0 }, (event) => {
      if (symbolsOf(event) === 2) throw new Error("Discord is down");
    });
    await expect(failing).rejects.toThrow("Discord is down");
    const retried: number[] = [];
    await deliverEvents(store, { subscriber: "discord" }, (event) => {
      retried.push(symbolsOf(event));
    });
    expect(retried).toEqual([2]);
  });

  it("starts a new subscriber at the newest event, and follows until stopped", async () => {
    await scan(["OLD"]);
    const controller = new AbortController();
    const seen: number[] = [];
    // Its first read of events means it has settled where it starts.
    let reads = 0;
    const log: EventLog = {
      readEvents: (query) => ((reads += 1), store.readEvents(query)),
      lastEventId: () => store.lastEventId(),
      eventCursor: (subscriber) => store.eventCursor(subscriber),
      saveEventCursor: (subscriber, lastId) => store.saveEventCursor(subscriber, lastId),
    };
    const following = deliverEvents(
      log,
      { subscriber: "terminal", follow: true, pollMs: 20, signal: controller.signal },
      (event) => {
        seen.push(symbolsOf(event));
        controller.abort();
      },
    );
    await eventually(() => reads > 0, "the first read of events");
    await scan(["NEW", "TWO"]);
    expect(await following).toBe(1);
    expect(seen).toEqual([2]);
  });

  it("filters by topic and reads past a full batch", async () => {
    for (let k = 1; k <= 105; k++) await scan(Array.from({ length: k }, (_, i) => `S${i}`));
    const seen: number[] = [];
    await deliverEvents(store, { afterId: 0, topics: ["scan.completed"] }, (event) => {
      seen.push(symbolsOf(event));
    });
    expect(seen).toEqual(Array.from({ length: 105 }, (_, i) => i + 1));
    expect(
      await deliverEvents(store, { afterId: 0, topics: ["correlation.regime"] }, () => undefined),
    ).toBe(0);
  });

  it("describes events in one plain line each", async () => {
    await scan(["SPY", "QQQ"]);
    const [event] = await store.readEvents({ afterId: 0, limit: 1 });
    expect(describeEvent(event!)).toMatch(
      /^\d{4}-\d\d-\d\dT.* scan .*: 2 symbols, 5 candidates tested, 0 findings \(0 new\), 0 decayed$/,
    );
  });
});
