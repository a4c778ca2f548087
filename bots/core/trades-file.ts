import { z } from "zod";
import { tradesCsv } from "../../tools/backtest/trades-csv.ts";
import { tradesFileName, tradesListed } from "../../tools/replies/stored-backtest.ts";
import { file, type FileBlock } from "./message.ts";

const ShownTrades = z.object({ id: z.string(), trades: z.array(z.object({}).loose()) });

/**
 * A stored backtest's trades as a CSV file, when more were asked for than the reply lists
 * ("show all the trades"): a file to open rather than pages of chat.
 */
export function tradesFile(output: unknown): FileBlock | undefined {
  const parsed = ShownTrades.safeParse(output);
  if (!parsed.success || parsed.data.trades.length <= tradesListed) return undefined;
  const { id, trades } = parsed.data;
  return file(
    new TextEncoder().encode(tradesCsv(trades)),
    tradesFileName(id),
    "text/csv",
    `${trades.length} trades of backtest ${id}`,
  );
}
