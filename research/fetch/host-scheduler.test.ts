import { createClock, type Clock } from "@sinonjs/fake-timers";
import { describe, expect, it } from "vitest";
import { HostScheduler, type SchedulerLimits } from "./host-scheduler.ts";

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * Time that moves only when the test says so: spacing is exact and costs no real time. A clock
 * of its own, not vitest's global fake timers: test files share a worker process
 * (vitest.config.ts), and a PGlite lent on from an earlier file re-arms its alarm through a
 * faked global setTimeout, which `runAllTimers` then fires forever.
 */
let clock: Clock;
const schedulerWith = (limits: Partial<SchedulerLimits>) => {
  clock = createClock(0);
  return new HostScheduler(
    { minIntervalMs: 0, perHostConcurrency: 1, globalConcurrency: 8, ...limits },
    { nowMs: () => clock.now },
    (ms) => new Promise<void>((wake) => clock.setTimeout(() => wake(), ms)),
  );
};

describe("HostScheduler", () => {
  it("starts requests to one host at least minIntervalMs apart, other hosts unaffected", async () => {
    const scheduler = schedulerWith({ minIntervalMs: 1_000, perHostConcurrency: 2 });
    const starts: string[] = [];
    const request = (host: string) =>
      scheduler.run(host, async () => {
        starts.push(`${host}@${clock.now}`);
      });
    const requests = Promise.all([request("a"), request("a"), request("b"), request("a")]);
    await clock.runAllAsync();
    await requests;
    expect(starts.filter((start) => start.startsWith("a"))).toEqual(["a@0", "a@1000", "a@2000"]);
    expect(starts).toContain("b@0");
  });

  it("runs at most perHostConcurrency requests to a host at once", async () => {
    const scheduler = schedulerWith({ perHostConcurrency: 2 });
    let running = 0;
    let mostRunning = 0;
    const gate = deferred();
    const requests = Array.from({ length: 5 }, () =>
      scheduler.run("a", async () => {
        mostRunning = Math.max(mostRunning, ++running);
        await gate.promise;
        running--;
      }),
    );
    await clock.runAllAsync();
    expect(running).toBe(2);
    gate.resolve();
    await Promise.all(requests);
    expect(mostRunning).toBe(2);
  });

  it("runs at most globalConcurrency requests across all hosts at once", async () => {
    const scheduler = schedulerWith({ globalConcurrency: 3 });
    let running = 0;
    let mostRunning = 0;
    const gate = deferred();
    const requests = ["a", "b", "c", "d", "e"].map((host) =>
      scheduler.run(host, async () => {
        mostRunning = Math.max(mostRunning, ++running);
        await gate.promise;
        running--;
      }),
    );
    await clock.runAllAsync();
    expect(running).toBe(3);
    gate.resolve();
    await Promise.all(requests);
    expect(mostRunning).toBe(3);
  });

  it("paces a host to its own interval (a Crawl-delay) counted from its last start, never below minIntervalMs", async () => {
    const scheduler = schedulerWith({ minIntervalMs: 1_000 });
    const starts: string[] = [];
    const request = (host: string) =>
      scheduler.run(host, async () => {
        starts.push(`${host}@${clock.now}`);
      });
    await request("a");
    // Learnt after the first request (robots.txt): the next one waits 5 s from that start.
    scheduler.pace("a", 5_000);
    scheduler.pace("b", 10);
    const requests = Promise.all([request("a"), request("a"), request("b"), request("b")]);
    await clock.runAllAsync();
    await requests;
    expect(starts).toEqual(["a@0", "b@0", "b@1000", "a@5000", "a@10000"]);
  });

  it("gives up a waiting request when its signal aborts, and serves the next one", async () => {
    const scheduler = schedulerWith({});
    const gate = deferred();
    const first = scheduler.run("a", () => gate.promise);
    const controller = new AbortController();
    const cancelled = scheduler.run("a", async () => "ran", controller.signal);
    const third = scheduler.run("a", async () => "third ran");
    controller.abort(new Error("user cancelled"));
    await expect(cancelled).rejects.toThrow("user cancelled");
    gate.resolve();
    await first;
    await expect(third).resolves.toBe("third ran");
  });
});
