import type { Trade } from "../../simulate/types.ts";
import type { BarSeries } from "../../types.ts";
import { standardDeviation } from "./numbers.ts";
import { utcDay } from "./time.ts";

/** Trading days of volume averaged before each entry (the brief's 20-bar ADV). */
export const volumeWindowDays = 20;
/** Fewer prior days than this and a trade's average daily volume is not measured. */
const minimumVolumeDays = 5;

export interface TradeParticipation {
  symbol: string;
  entryTimeMs: number;
  /** Units traded at the account's size (shares, coins, or contracts × multiplier). */
  quantity: number;
  price: number;
  /** Mean volume per day over the `volumeWindowDays` days before the entry's day. */
  averageDailyVolume: number;
  /** quantity / averageDailyVolume (Infinity when that volume is 0). */
  entryParticipation: number;
  /** The same at the exit's day. */
  exitParticipation: number;
  /** Sample std of daily close-to-close returns over the same window. */
  dailyVolatility: number | null;
}

export interface ParticipationAnalysis {
  trades: TradeParticipation[];
  /** Trades with too little volume history before them to measure. */
  unmeasured: number;
}

interface DailyVolume {
  days: Int32Array;
  volume: Float64Array;
  close: Float64Array;
}

function dailyVolumes(bars: BarSeries): DailyVolume {
  const days: number[] = [];
  const volume: number[] = [];
  const close: number[] = [];
  for (let i = 0; i < bars.close.length; i++) {
    const day = utcDay(bars.timestampMs[i]!);
    if (days.length > 0 && days[days.length - 1] === day) {
      volume[volume.length - 1]! += bars.volume[i]!;
      close[close.length - 1] = bars.close[i]!;
    } else {
      days.push(day);
      volume.push(bars.volume[i]!);
      close.push(bars.close[i]!);
    }
  }
  return {
    days: Int32Array.from(days),
    volume: Float64Array.from(volume),
    close: Float64Array.from(close),
  };
}

/** Index of the first day >= `day`. */
function dayIndex(days: Int32Array, day: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (days[mid]! < day) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Each trade's share of the symbol's average daily volume over the 20 trading days before its
 * entry (and before its exit), with the quantity scaled to the account: `scale` is account
 * equity over the backtest's initial cash when positions are sized as a fraction of equity.
 */
export function measureParticipation(
  trades: readonly Trade[],
  bars: readonly BarSeries[],
  scale: number,
): ParticipationAnalysis {
  const bySymbol = new Map<string, DailyVolume>();
  for (const series of bars) bySymbol.set(series.symbol, dailyVolumes(series));
  const analysis: ParticipationAnalysis = { trades: [], unmeasured: 0 };
  for (const trade of trades) {
    const daily = bySymbol.get(trade.symbol);
    if (!daily) continue;
    const window = (timeMs: number) => {
      const end = dayIndex(daily.days, utcDay(timeMs));
      const begin = Math.max(0, end - volumeWindowDays);
      return { begin, end };
    };
    const entry = window(trade.entryTimeMs);
    if (entry.end - entry.begin < minimumVolumeDays) {
      analysis.unmeasured++;
      continue;
    }
    const average = (begin: number, end: number) => {
      let sum = 0;
      for (let k = begin; k < end; k++) sum += daily.volume[k]!;
      return end > begin ? sum / (end - begin) : 0;
    };
    const quantity = trade.quantity * scale;
    const entryVolume = average(entry.begin, entry.end);
    const exit = window(trade.exitTimeMs);
    const exitVolume = average(exit.begin, exit.end);
    const returns: number[] = [];
    for (let k = entry.begin + 1; k < entry.end; k++)
      returns.push(daily.close[k]! / daily.close[k - 1]! - 1);
    analysis.trades.push({
      symbol: trade.symbol,
      entryTimeMs: trade.entryTimeMs,
      quantity,
      price: trade.entryPrice,
      averageDailyVolume: entryVolume,
      entryParticipation: entryVolume > 0 ? quantity / entryVolume : Infinity,
      exitParticipation: exitVolume > 0 ? quantity / exitVolume : Infinity,
      dailyVolatility: standardDeviation(returns),
    });
  }
  return analysis;
}
