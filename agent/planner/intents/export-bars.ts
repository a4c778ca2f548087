import { extractPeriod } from "../dates.ts";
import { call, defined, missing, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";
import { listWords, timeframeIn } from "../text.ts";

/** Words of a program rather than data: "export it as pine script" is generate_code's. */
const codeWords =
  /\b(?:code|script|program|python|pine|tradingview|mt5|mql5|metatrader|quantconnect|typescript|bot)\b/;

/**
 * "Export QQQ bars to csv", "download SPY data as csv", "export its bars" (the strategy of the
 * program just generated, else the conversation's): the stored bars as one CSV file in
 * import_bars' columns, for a generated program's replay or a spreadsheet.
 */
export const exportBarsIntent: Intent = {
  title: "bars exported as CSV",
  tools: ["export_bars"],
  examples: ["export QQQ bars to csv", "export its bars"],
  matches: ({ text }) =>
    !/\btrades?\b|\bimport\b|\bload\b/.test(text) &&
    (/\b(?:export|download|dump)\b.*\b(?:bars?|data|prices?|candles?|ohlcv?|history)\b/.test(
      text,
    ) ||
      (/\bcsv\b/.test(text) &&
        /\b(?:bars?|data|prices?|candles?|ohlcv?|history)\b/.test(text) &&
        !codeWords.test(text))),
  plan({ text, raw, context }) {
    const { period, rest, problem } = extractPeriod(text, context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const range = defined({
      start: period.start,
      end: period.end ?? period.at,
      timeframe: timeframeIn(rest),
      adjusted: /\b(?:raw|unadjusted|not adjusted|as traded)\b/.test(rest) ? false : undefined,
    });
    const symbols = symbolsIn(raw);
    if (symbols.length > 0)
      return planned(
        [call("export_bars", { symbols, ...range })],
        `Export the stored bars of ${listWords(symbols)} as one CSV file.`,
      );
    const strategyId =
      /\b([0-9a-f]{64})\b/.exec(text)?.[1] ??
      context.codeShownLast?.strategyId ??
      context.lastStrategyId;
    if (!strategyId)
      return missing(
        'which bars: name the symbols ("export SPY bars to csv"), or backtest a strategy first to export its bars',
      );
    return planned(
      [call("export_bars", { strategyId, ...range })],
      `Export the bars strategy ${strategyId.slice(0, 12)}… reads, as one CSV file.`,
    );
  },
};
