import { afterEach, describe, expect, it, vi } from "vitest";
import { stderrProgress } from "./progress.ts";

describe("stderrProgress off a terminal", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints each new message, but thins counting ones to every 5%", () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const isTTY = process.stderr.isTTY;
    process.stderr.isTTY = false;
    try {
      const progress = stderrProgress("optimize");
      progress.report(0, "loading 1 symbols");
      for (let trial = 1; trial <= 100; trial++)
        progress.report(trial / 100, `trial ${trial}/100, best 1.5`);
      progress.report(1, "storing");
    } finally {
      process.stderr.isTTY = isTTY;
    }
    expect(lines[0]).toBe("optimize: 0% loading 1 symbols\n");
    expect(lines[1]).toBe("optimize: 1% trial 1/100, best 1.5\n");
    expect(lines[2]).toBe("optimize: 6% trial 6/100, best 1.5\n");
    expect(lines.at(-1)).toBe("optimize: 100% storing\n");
    // loading, trials 1, 6, 11, ... 96, storing.
    expect(lines).toHaveLength(1 + 20 + 1);
  });
});
