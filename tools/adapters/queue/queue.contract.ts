import { afterEach, describe, expect, it } from "vitest";
import type { Queue } from "../../ports/queue.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every Queue adapter must show; each adapter's test file runs it. */
export function queueContract(name: string, open: () => Promise<Queue>): void {
  describe(`Queue contract: ${name}`, () => {
    let queue: Queue | undefined;
    afterEach(async () => {
      await queue?.close();
      queue = undefined;
    });

    it("runs a job, passing its progress to whoever waits, and returns its result", async () => {
      queue = await open();
      queue.handle<{ n: number }, number>("square", async ({ n }, job) => {
        job.progress(0.5, "half");
        await sleep(20);
        job.progress(1, "done");
        return n * n;
      });
      await queue.start();
      const id = await queue.enqueue("square", { n: 7 });
      const seen: [number, string | undefined][] = [];
      expect(await queue.result(id, (fraction, message) => seen.push([fraction, message]))).toBe(
        49,
      );
      expect(seen.at(-1)).toEqual([1, "done"]);
    });

    it("lists unfinished jobs with their latest progress, and drops them once done", async () => {
      queue = await open();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let reported!: () => void;
      const hasReported = new Promise<void>((resolve) => (reported = resolve));
      queue.handle("slow", async (_data, job) => {
        job.progress(0.25, "a quarter");
        reported();
        await released;
        return "ok";
      });
      await queue.start();
      const id = await queue.enqueue("slow", {});
      await hasReported;
      // BullMQ stores progress asynchronously: wait until the listing shows it.
      let listed = await queue.running();
      for (let tries = 0; listed[0]?.fraction !== 0.25 && tries < 100; tries++) {
        await sleep(20);
        listed = await queue.running();
      }
      expect(listed).toEqual([
        expect.objectContaining({
          id,
          name: "slow",
          state: "active",
          fraction: 0.25,
          message: "a quarter",
        }),
      ]);
      release();
      await queue.result(id);
      expect(await queue.running()).toEqual([]);
    });

    it("counts this process among the workers once it has started", async () => {
      queue = await open();
      expect(await queue.workers()).toBe(0);
      await queue.start();
      expect(await queue.workers()).toBeGreaterThanOrEqual(1);
    });

    it("retries a failing job with backoff until it succeeds", async () => {
      queue = await open();
      const attempts: number[] = [];
      queue.handle("flaky", async (_data, job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error(`attempt ${job.attempt} failed`);
        return "ok";
      });
      await queue.start();
      const id = await queue.enqueue("flaky", {}, { attempts: 3, backoffMs: 10 });
      expect(await queue.result(id)).toBe("ok");
      expect(attempts).toEqual([1, 2, 3]);
    });

    it("records a job that fails on its last attempt, with the reason", async () => {
      queue = await open();
      queue.handle("broken", async () => {
        throw new Error("the data is corrupt");
      });
      await queue.start();
      const id = await queue.enqueue("broken", {}, { attempts: 2, backoffMs: 10 });
      await expect(queue.result(id)).rejects.toThrow(/the data is corrupt/);
      const [failure] = (await queue.failures()).filter((entry) => entry.id === id);
      expect(failure).toMatchObject({
        name: "broken",
        reason: "the data is corrupt",
        attemptsMade: 2,
      });
    });

    it("cancels a running job through its signal, without retrying it", async () => {
      queue = await open();
      let runs = 0;
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      queue.handle("long", async (_data, job) => {
        runs++;
        started();
        await new Promise((_, reject) =>
          job.signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      });
      await queue.start();
      const id = await queue.enqueue("long", {}, { attempts: 3, backoffMs: 10 });
      // Expect the rejection before cancelling: it may arrive before cancel() returns.
      const outcome = expect(queue.result(id)).rejects.toMatchObject({ code: "cancelled" });
      await running;
      expect(await queue.cancel(id)).toBe(true);
      await outcome;
      // Once the worker has let the job go (on BullMQ a moment after the rejection), there is
      // nothing left to cancel, and no retry follows.
      for (let tries = 0; tries < 500 && (await queue.cancel(id)); tries++) await sleep(10);
      expect(await queue.cancel(id)).toBe(false);
      await sleep(100);
      expect(runs).toBe(1);
    });

    it("does not start a scheduled run while the previous one overruns its slot", async () => {
      queue = await open();
      let running = 0;
      let most = 0;
      let runs = 0;
      queue.handle("slow", async () => {
        runs++;
        most = Math.max(most, ++running);
        await sleep(2500);
        running--;
      });
      await queue.start();
      // Every second (a cron pattern with seconds), while each run takes 2.5 s.
      await queue.schedule({ id: "every-second", cron: "* * * * * *", job: "slow" });
      await sleep(4200);
      expect(most).toBe(1);
      expect(runs).toBeGreaterThanOrEqual(1);
      expect(runs).toBeLessThanOrEqual(2);
    });
  });
}
