import { z } from "zod";
import { tradesCsv } from "../../tools/backtest/trades-csv.ts";
import { tradesFileName, tradesListed } from "../../tools/replies/stored-backtest.ts";
import { file, type FileBlock } from "./message.ts";

/** What a file beside a reply is, for a face that files them by kind (the terminal's folders). */
export type ResultFileKind = "program" | "trades" | "bars";

/**
 * The files a tool's result comes with in chat: a generated program, a long list of trades, the
 * exported bars. Files rather than thousands of lines of chat.
 */
export function resultFiles(
  toolName: string,
  output: unknown,
): { kind: ResultFileKind; block: FileBlock }[] {
  const block =
    toolName === "generate_code"
      ? codeFile(output)
      : toolName === "get_backtest"
        ? tradesFile(output)
        : toolName === "export_bars"
          ? barsFile(output)
          : undefined;
  const kind: ResultFileKind =
    toolName === "generate_code" ? "program" : toolName === "get_backtest" ? "trades" : "bars";
  return block ? [{ kind, block }] : [];
}

const GeneratedCode = z.object({ code: z.string(), filename: z.string(), target: z.string() });

/** A generated program as a file to download. */
export function codeFile(output: unknown): FileBlock | undefined {
  const parsed = GeneratedCode.safeParse(output);
  if (!parsed.success) return undefined;
  const { code, filename, target } = parsed.data;
  const mimeType = filename.endsWith(".py") ? "text/x-python" : "text/plain";
  return file(new TextEncoder().encode(code), filename, mimeType, `${target} program ${filename}`);
}

const ExportedBars = z.object({ csv: z.string(), filename: z.string(), rows: z.number() });

/** export_bars' CSV as the file it is for. */
export function barsFile(output: unknown): FileBlock | undefined {
  const parsed = ExportedBars.safeParse(output);
  if (!parsed.success) return undefined;
  const { csv, filename, rows } = parsed.data;
  return file(new TextEncoder().encode(csv), filename, "text/csv", `${rows} bars, ${filename}`);
}

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
