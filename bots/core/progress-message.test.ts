import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RecordingSurface } from "../../test/support/chat-harness.ts";
import type { ProgressBlock } from "./message.ts";
import { ProgressMessage } from "./progress-message.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const shown = (surface: RecordingSurface) =>
  [...surface.posted, ...surface.edits].map((entry) => {
    const block = entry.message.blocks[0] as ProgressBlock;
    return `${entry.id} ${Math.round(block.fraction * 100)}% ${block.message}`;
  });

describe("ProgressMessage", () => {
  it("posts nothing for work that ends before the bar is due", async () => {
    const surface = new RecordingSurface();
    const bar = new ProgressMessage(surface, { showAfterMs: 1000, intervalMs: 1000 });
    bar.update(0.5, "half");
    vi.advanceTimersByTime(900);
    await bar.finish("done");
    vi.advanceTimersByTime(5000);
    expect(surface.posted).toEqual([]);
  });

  it("posts nothing when the first report due is already complete", async () => {
    const surface = new RecordingSurface();
    const bar = new ProgressMessage(surface, { showAfterMs: 0, intervalMs: 0 });
    bar.update(1, "done");
    await bar.finish("done in 0.1 s");
    expect(surface.posted).toEqual([]);
  });

  it("shows long work once due, edits it at most once per interval with the latest report, and ends on the final state", async () => {
    const surface = new RecordingSurface();
    const bar = new ProgressMessage(surface, { showAfterMs: 1000, intervalMs: 1000 });
    bar.update(0.1, "a");
    vi.advanceTimersByTime(1000); // due: posted with the latest report
    bar.update(0.2, "b");
    bar.update(0.3, "c");
    vi.advanceTimersByTime(999);
    expect(shown(surface)).toEqual(["m1 10% a"]);
    vi.advanceTimersByTime(1); // one edit for b and c: the latest wins
    await vi.runOnlyPendingTimersAsync();
    await bar.finish("done in 2.0 s");
    expect(shown(surface)).toEqual(["m1 10% a", "m1 30% c", "m1 100% done in 2.0 s"]);
  });

  it("keeps the fraction reached when the work failed", async () => {
    const surface = new RecordingSurface();
    const bar = new ProgressMessage(surface, { showAfterMs: 0, intervalMs: 0 });
    bar.update(0.4, "scanning");
    await bar.finish("failed");
    expect(shown(surface)).toEqual(["m1 40% scanning", "m1 40% failed"]);
  });
});
