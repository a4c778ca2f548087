import { afterEach, describe, expect, it, vi } from "vitest";
import { noteOnStderr, stderrProgress } from "./progress.ts";

/** What stderr is written while `run` runs, on a terminal or off one. */
function stderrWrites(terminal: boolean, run: () => void): string[] {
  const written: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  const isTTY = process.stderr.isTTY;
  process.stderr.isTTY = terminal;
  try {
    run();
  } finally {
    process.stderr.isTTY = isTTY;
  }
  return written;
}

/** The lines a progress reporter labelled `label` writes off a terminal while `report` runs. */
const linesOffTerminal = (
  label: string,
  report: (progress: ReturnType<typeof stderrProgress>) => void,
) => stderrWrites(false, () => report(stderrProgress(label)));

describe("stderrProgress off a terminal", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints each new message, but thins counting ones to every 5%", () => {
    const lines = linesOffTerminal("optimize", (progress) => {
      progress.report(0, "loading 1 symbols");
      for (let trial = 1; trial <= 100; trial++)
        progress.report(trial / 100, `trial ${trial}/100, best 1.5`);
      progress.report(1, "storing");
    });
    expect(lines[0]).toBe("optimize: 0% loading 1 symbols\n");
    expect(lines[1]).toBe("optimize: 1% trial 1/100, best 1.5\n");
    expect(lines[2]).toBe("optimize: 6% trial 6/100, best 1.5\n");
    expect(lines.at(-1)).toBe("optimize: 100% storing\n");
    // loading, trials 1, 6, 11, ... 96, storing.
    expect(lines).toHaveLength(1 + 20 + 1);
  });

  it("thins a walk over symbols and sources the same way, and keeps words that differ", () => {
    const symbols = ["ACME", "ADA/USD", "AUD/USD", "BOLT", "BTC/USD", "CRUX", "DIA", "SPY"];
    const lines = linesOffTerminal("market_snapshot", (progress) => {
      progress.report(0, "reading the alpaca-paper account");
      symbols.forEach((symbol, k) => progress.report(0.01 + k / 100, `reading ${symbol}`));
      progress.report(
        0.2,
        "Fed press: fetching https://www.federalreserve.gov/feeds/press_all.xml",
      );
      progress.report(0.21, "ECB: fetching https://www.ecb.europa.eu/rss/press.html");
      progress.report(0.22, "storing the snapshot");
    });
    // Symbols at 1% to 8%: the first, then the one 5% later (6%).
    expect(lines).toEqual([
      "market_snapshot: 0% reading the alpaca-paper account\n",
      "market_snapshot: 1% reading ACME\n",
      "market_snapshot: 6% reading CRUX\n",
      "market_snapshot: 20% Fed press: fetching https://www.federalreserve.gov/feeds/press_all.xml\n",
      "market_snapshot: 22% storing the snapshot\n",
    ]);
  });
});

describe("stderrProgress on a terminal", () => {
  afterEach(() => vi.restoreAllMocks());

  it("takes the bar off before a note and draws it again below, so the note stays", () => {
    const written = stderrWrites(true, () => {
      const progress = stderrProgress("scan_markets");
      progress.report(0.1, "testing");
      noteOnStderr("\nStopping… (Ctrl-C again quits at once)\n");
      progress.report(0.5, "storing");
      progress.stop();
    }).join("");
    // A bar saves the cursor where it starts (ESC 7) and returns there when it stops (ESC 8),
    // clearing that line: stopped after the note, it would write over it.
    const [save, restore] = ["\u001b7", "\u001b8"];
    const note = written.indexOf("Stopping…");
    expect(note).toBeGreaterThan(-1);
    expect(written.lastIndexOf(restore, note)).toBeGreaterThan(written.lastIndexOf(save, note));
    expect(written.indexOf(save, note)).toBeGreaterThan(note);
    expect(written.indexOf("storing", note)).toBeGreaterThan(note);
  });
});
