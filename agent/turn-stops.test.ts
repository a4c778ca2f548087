import { describe, expect, it } from "vitest";
import { isStopRequest, TurnStops } from "./turn-stops.ts";

describe("stopping a running turn", () => {
  it("reads stop requests, and leaves orders' and the kill switch's words alone", () => {
    for (const text of [
      "stop",
      "Stop!",
      "cancel the scan",
      "stop the optimization",
      "abort that",
      "please stop",
      "never mind",
      "forget it",
      "  cancel it now. ",
    ])
      expect(isStopRequest(text), text).toBe(true);
    for (const text of [
      "stop all trading",
      "cancel my AAPL order",
      "cancel all my open orders",
      "cancel order 1a2b3c4d",
      "stop loss at 5%",
      "stop trading SPY",
      "don't stop",
    ])
      expect(isStopRequest(text), text).toBe(false);
  });

  it("stops only the turn running in a thread, and only while it runs", async () => {
    const stops = new TurnStops();
    expect(stops.stop("t1")).toBe(false);
    let seen: AbortSignal | undefined;
    await stops.during("t1", async () => {
      seen = stops.signal("t1");
      expect(stops.signal("t2")).toBeUndefined();
      expect(stops.stop("t1")).toBe(true);
    });
    expect(seen?.aborted).toBe(true);
    expect(stops.signal("t1")).toBeUndefined();
    await stops.during("t1", async () => expect(stops.signal("t1")?.aborted).toBe(false));
  });

  it("ends a turn's stop when the turn fails", async () => {
    const stops = new TurnStops();
    await expect(
      stops.during("t1", () => Promise.reject(new Error("the brain failed"))),
    ).rejects.toThrow("the brain failed");
    expect(stops.stop("t1")).toBe(false);
  });
});
