import { createClock, type Clock } from "@sinonjs/fake-timers";
import { beforeEach, describe, expect, it } from "vitest";
import { RecordingSurface } from "../../test/support/chat-harness.ts";
import type { ProgressBlock } from "./message.ts";
import { ProgressMessage, type ProgressClock, type ProgressTiming } from "./progress-message.ts";

// A clock of the test's own: the process's timers stay real (vitest.config.ts says why).
let clock: Clock;
beforeEach(() => (clock = createClock(0)));
const bar = (surface: RecordingSurface, timing: ProgressTiming) => {
  const own: ProgressClock = {
    now: () => clock.now,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (timer) => clock.clearTimeout(timer as ReturnType<Clock["setTimeout"]>),
  };
  return new ProgressMessage(surface, timing, own);
};

const shown = (surface: RecordingSurface) =>
  [...surface.posted, ...surface.edits].map((entry) => {
    const block = entry.message.blocks[0] as ProgressBlock;
    return `${entry.id} ${Math.round(block.fraction * 100)}% ${block.message}`;
  });

describe("ProgressMessage", () => {
  it("posts nothing for work that ends before the bar is due", async () => {
    const surface = new RecordingSurface();
    const progress = bar(surface, { showAfterMs: 1000, intervalMs: 1000 });
    progress.update(0.5, "half");
    clock.tick(900);
    await progress.finish("done");
    clock.tick(5000);
    expect(surface.posted).toEqual([]);
  });

  it("posts nothing when the first report due is already complete", async () => {
    const surface = new RecordingSurface();
    const progress = bar(surface, { showAfterMs: 0, intervalMs: 0 });
    progress.update(1, "done");
    await progress.finish("done in 0.1 s");
    expect(surface.posted).toEqual([]);
  });

  it("shows long work once due, edits it at most once per interval with the latest report, and ends on the final state", async () => {
    const surface = new RecordingSurface();
    const progress = bar(surface, { showAfterMs: 1000, intervalMs: 1000 });
    progress.update(0.1, "a");
    clock.tick(1000); // due: posted with the latest report
    progress.update(0.2, "b");
    progress.update(0.3, "c");
    clock.tick(999);
    expect(shown(surface)).toEqual(["m1 10% a"]);
    clock.tick(1); // one edit for b and c: the latest wins
    await clock.runToLastAsync();
    await progress.finish("done in 2.0 s");
    expect(shown(surface)).toEqual(["m1 10% a", "m1 30% c", "m1 100% done in 2.0 s"]);
  });

  it("keeps the fraction reached when the work failed", async () => {
    const surface = new RecordingSurface();
    const progress = bar(surface, { showAfterMs: 0, intervalMs: 0 });
    progress.update(0.4, "scanning");
    await progress.finish("failed");
    expect(shown(surface)).toEqual(["m1 40% scanning", "m1 40% failed"]);
  });
});
