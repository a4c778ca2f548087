import { marketData, trading } from "@alpacahq/alpaca-trade-api";
import { InputError } from "../errors.ts";
import type { CompiledStrategy } from "../strategy.ts";

/** Where and how a live run trades. */
export interface LiveSettings {
  /** Real money: only with --live and the live endpoint. */
  live: boolean;
  /** One cycle, then exit (for cron); otherwise run until stopped. */
  once: boolean;
  tradingUrl: string;
  dataUrl: string;
  keyId: string;
  secret: string;
  /** Alpaca's stock feed: iex on the free plan, sip with a paid one. */
  feed: "iex" | "sip";
}

/**
 * Reads the environment as Alpaca documents it (APCA_API_KEY_ID, APCA_API_SECRET_KEY, optional
 * APCA_API_BASE_URL and APCA_API_DATA_URL) and refuses what would trade the wrong account: the
 * paper endpoint unless --live is given, the live endpoint only with --live. Empty values count
 * as unset.
 */
export function liveSettings(
  strategy: CompiledStrategy,
  flags: { live: boolean; once: boolean; feed: string },
  environment: Readonly<Record<string, string | undefined>>,
): LiveSettings {
  const read = (name: string) => {
    const value = environment[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const problems: string[] = [];
  if (strategy.timeframe !== "1d")
    problems.push(
      `live mode trades daily bars in the opening auction; this strategy uses ${strategy.timeframe} bars (replay works for every timeframe)`,
    );
  const notStocks = strategy.universe.filter((symbol) => symbol.includes("/"));
  if (notStocks.length > 0)
    problems.push(
      `live mode trades US stocks and ETFs; ${notStocks.join(", ")} ${notStocks.length === 1 ? "is" : "are"} not (crypto and FX have no opening auction)`,
    );
  if (flags.feed !== "iex" && flags.feed !== "sip")
    problems.push(`--feed must be iex or sip (was ${flags.feed})`);
  const keyId = read("APCA_API_KEY_ID");
  const secret = read("APCA_API_SECRET_KEY");
  if (keyId === undefined || secret === undefined)
    problems.push(
      `set APCA_API_KEY_ID and APCA_API_SECRET_KEY (${flags.live ? "live" : "paper"} keys) in the environment`,
    );
  const tradingUrl = withoutTrailingSlash(
    read("APCA_API_BASE_URL") ??
      (flags.live ? trading.TRADING_LIVE_HOST : trading.TRADING_PAPER_HOST),
  );
  const host = hostOf(tradingUrl);
  if (host === undefined) problems.push(`APCA_API_BASE_URL is not a URL (was ${tradingUrl})`);
  else if (!flags.live && host === hostOf(trading.TRADING_LIVE_HOST))
    problems.push(
      `APCA_API_BASE_URL is Alpaca's live endpoint (${tradingUrl}): this program trades real money only with --live`,
    );
  else if (flags.live && host === hostOf(trading.TRADING_PAPER_HOST))
    problems.push(
      `--live asks for real money but APCA_API_BASE_URL is the paper endpoint (${tradingUrl}): unset it or drop --live`,
    );
  const dataUrl = withoutTrailingSlash(read("APCA_API_DATA_URL") ?? marketData.MARKET_DATA_HOST);
  if (hostOf(dataUrl) === undefined)
    problems.push(`APCA_API_DATA_URL is not a URL (was ${dataUrl})`);
  if (problems.length > 0) throw new InputError(problems.join("; "));
  return {
    live: flags.live,
    once: flags.once,
    tradingUrl,
    dataUrl,
    keyId: keyId!,
    secret: secret!,
    feed: flags.feed as "iex" | "sip",
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
