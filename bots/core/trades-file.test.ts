import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { FileBlock } from "./message.ts";
import { renderTurn } from "./render-turn.ts";
import { tradesFile } from "./result-files.ts";

const trade = (index: number) => ({
  symbol: index % 2 ? "QQQ" : "SPY",
  side: "long",
  entryTime: new Date(Date.UTC(2024, 0, 2 + index)).toISOString(),
  entryPrice: 100 + index,
  exitTime: new Date(Date.UTC(2024, 0, 3 + index)).toISOString(),
  exitPrice: 101 + index,
  quantity: 10,
  pnl: 9.5,
  fees: 0.5,
  barsHeld: 1,
  exitReason: index === 3 ? "stopLoss" : "signal",
  return: 9.5 / (10 * (100 + index)),
});
const shown = (count: number) => ({
  id: "e54ad83e-909a-4076-8601-858fbf3a3b70",
  trades: Array.from({ length: count }, (_, index) => trade(index)),
});

describe("a long list of a backtest's trades in chat", () => {
  it("comes as a CSV file beside the reply, every trade asked for in it", async () => {
    const output = shown(40);
    const [message] = await renderTurn(
      {
        threadId: "t",
        reply: "get_backtest finished.",
        toolCalls: [{ name: "get_backtest", input: {}, ok: true, output }],
        waitingFor: [],
      },
      { waiting: [] },
    );
    const csv = message!.blocks.find((block) => block.kind === "file") as FileBlock;
    expect(csv).toMatchObject({ fileName: "trades-e54ad83e.csv", mimeType: "text/csv" });
    // Read back by an independent CSV parser: the same trades, numbers as written.
    const rows = parse(new TextDecoder().decode(csv.bytes), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(40);
    expect(rows.map((row) => Object.fromEntries(Object.entries(row)))).toEqual(
      output.trades.map((t) =>
        Object.fromEntries(Object.entries(t).map(([k, v]) => [k, String(v)])),
      ),
    );
  });

  it("is nothing when the reply lists them all, or for another output", () => {
    expect(tradesFile(shown(25))).toBeUndefined();
    expect(tradesFile({ id: "x" })).toBeUndefined();
  });
});
