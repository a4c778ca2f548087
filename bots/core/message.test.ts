import { describe, expect, it } from "vitest";
import {
  image,
  messageAsText,
  progress,
  progressBar,
  safeFileName,
  splitText,
  table,
  tableAsText,
  text,
} from "./message.ts";

describe("the outgoing message model", () => {
  it("refuses a table row whose width differs from the header's, naming it", () => {
    expect(() => table(["", "Strategy"], [["Sharpe", "1.20"], ["Trades"]])).toThrow(
      "table row 1 has 1 cells; the header has 2",
    );
  });

  it("renders a table as aligned columns: labels left, values right", () => {
    const block = table(
      ["", "Strategy", "Buy and hold SPY"],
      [
        ["Total return", "12.5%", "-3.0%"],
        ["Trades", "7", "1"],
      ],
      "Backtest 9",
    );
    expect(tableAsText(block)).toBe(
      [
        "Backtest 9",
        "              Strategy  Buy and hold SPY",
        "------------  --------  ----------------",
        "Total return     12.5%             -3.0%",
        "Trades               7                 1",
      ].join("\n"),
    );
  });

  it("keeps progress within 0 to 1 and draws it as a bar", () => {
    expect(progress(1.7, "done").fraction).toBe(1);
    expect(progress(Number.NaN).fraction).toBe(0);
    expect(progressBar(0.5, "simulating", 10)).toBe("[#####-----] 50% simulating");
    expect(progressBar(-2, "", 4)).toBe("[----] 0%");
  });

  it("makes file names platforms accept", () => {
    expect(safeFileName("backtest_strategy-1-Equity against benchmarks, 2024 to 2025")).toBe(
      "backtest_strategy-1-Equity-against-benchmarks-2024-to-2025.png",
    );
    expect(safeFileName("../../etc/passwd")).toBe("etc-passwd.png");
    expect(safeFileName("///")).toBe("image.png");
    expect(image(new Uint8Array([1]), "alt", "chart.PNG").fileName).toBe("chart.png");
  });

  it("gives every message a plain-text fallback", () => {
    expect(
      messageAsText({
        summary: "s",
        blocks: [
          text("**Done**: see `AAPL`"),
          { kind: "image", png: new Uint8Array(), altText: "Drawdown", fileName: "d.png" },
          {
            kind: "buttons",
            buttons: [
              { id: "a", label: "Approve", style: "primary", value: "v" },
              { id: "r", label: "Reject", style: "danger", value: "v" },
            ],
          },
        ],
      }),
    ).toBe("Done: see `AAPL`\n\n[image d.png: Drawdown]\n\n[Approve] [Reject]");
  });

  it("splits long text at line breaks, and hard where a line is too long", () => {
    expect(splitText("aaa\nbbb\nccc", 7)).toEqual(["aaa\nbbb", "ccc"]);
    expect(splitText("abcdefgh", 3)).toEqual(["abc", "def", "gh"]);
    expect(splitText("", 5)).toEqual([""]);
    expect(splitText("x".repeat(4500), 2000).map((piece) => piece.length)).toEqual([
      2000, 2000, 500,
    ]);
  });
});
