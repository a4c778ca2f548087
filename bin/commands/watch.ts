import { AlphadeskError } from "../../tools/errors.ts";
import { isoTime } from "../../tools/time-input.ts";
import { readConfig } from "../config.ts";
import { liveBarsFromConfig } from "../market-data.ts";

export interface WatchOptions {
  /** Stop after this many bars (default: until interrupted). */
  count?: number;
}

/**
 * `alphadesk watch SPY BTC/USD`: live minute bars as they close, one line each on stdout;
 * the stream's ups and downs on stderr. Ctrl-C stops it.
 */
export async function watchCommand(symbols: string[], options: WatchOptions): Promise<number> {
  const config = readConfig();
  const feed = await liveBarsFromConfig(config);
  if (!feed) {
    process.stderr.write(
      "Live bars come from Alpaca: set APCA_API_KEY_ID and APCA_API_SECRET_KEY (free keys from app.alpaca.markets)\n",
    );
    return 1;
  }
  let seen = 0;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const subscription = await feed
    .subscribe(
      symbols,
      (bar) => {
        process.stdout.write(
          `${isoTime(bar.timeMs)} ${bar.symbol.padEnd(10)} O ${bar.open} H ${bar.high} L ${bar.low} C ${bar.close} V ${bar.volume}\n`,
        );
        if (options.count !== undefined && ++seen >= options.count) stop();
      },
      (state) =>
        process.stderr.write(
          state === "up" ? "stream connected\n" : "stream down: prices are stale, reconnecting\n",
        ),
    )
    .catch((error: unknown) => {
      if (!(error instanceof AlphadeskError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return undefined;
    });
  if (!subscription) return 1;
  process.stderr.write(`watching ${symbols.join(", ")} (Ctrl-C stops)\n`);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await stopped;
  await subscription.close();
  return 0;
}
