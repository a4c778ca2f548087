import { emptyBars } from "../bars.ts";
import { garchPath } from "../synthetic/garch.ts";
import { randomStreams } from "../synthetic/streams.ts";
import type { BarSeries } from "../types.ts";

export interface PlantedEffect {
  pattern: "momentum" | "mean_reversion" | "pairs" | "day_of_week";
  symbols: string[];
  /** The planted parameter, in the units of `describe`. */
  strength: number;
  describe: string;
}

export interface PlantedMarket {
  bars: BarSeries[];
  effects: PlantedEffect[];
  /** Symbols with no planted effect: any finding made only of these is a false discovery. */
  nullSymbols: string[];
}

export interface PlantedMarketOptions {
  seed?: number;
  symbols?: number;
  bars?: number;
  sectors?: number;
  momentum?: number;
  reversal?: number;
  pairs?: number;
  weekday?: number;
}

/** Planted strengths, chosen so a 1260-bar series shows each at t of about 5 to 7 in sample. */
export const plantedStrength = {
  /** Idiosyncratic drift of +-kappa x idiosyncratic volatility in persistent trend regimes. */
  momentumKappa: 0.8,
  /** Daily probability that a trend regime flips (mean regime length 30 bars). */
  momentumSwitch: 1 / 30,
  /** AR(1) coefficient of idiosyncratic returns (negative: reversal). */
  reversalPhi: -0.6,
  /** Extra Monday return in idiosyncratic standard deviations. */
  mondayDelta: 0.8,
  /** AR(1) coefficient of the cointegrating residual (half-life ~6.6 bars) and its standard deviation. */
  pairPhi: 0.9,
  pairResidualStd: 0.03,
};

const dayMs = 86_400_000;

/**
 * A test market with planted effects among random walks: every symbol moves with a common
 * market factor and its sector's factor (GARCH(1,1) with Student-t shocks, engine/synthetic) plus
 * its own GARCH noise, with a 7% a year market drift. Planted: trend regimes (time-series
 * momentum), negative autocorrelation of the idiosyncratic return (short-horizon reversal), a
 * Monday effect, and cointegrated pairs (A = B + a stationary AR(1) residual, from one sector, so
 * the pair's return correlation is high but sector peers are correlated too). The factors dilute
 * the planted autocorrelations in the raw returns. Opens carry a small independent overnight
 * gap; bars are weekdays at 00:00 UTC from Monday 2019-01-07.
 */
export function plantedMarket(options: PlantedMarketOptions = {}): PlantedMarket {
  const {
    seed = 7,
    symbols = 300,
    bars: length = 1260,
    sectors = 10,
    momentum = 10,
    reversal = 10,
    pairs = 5,
    weekday = 10,
  } = options;
  const stream = randomStreams(seed);
  const timestampMs = weekdayTimes(Date.UTC(2019, 0, 7), length);
  const market = garchPath(length, 0.01, stream("market").shock);
  const sectorPaths = Array.from({ length: sectors }, (_, s) =>
    garchPath(length, 0.008, stream(`sector:${s}`).shock),
  );
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(4, "0")}`);
  const effects: PlantedEffect[] = [];
  const logClose: Float64Array[] = [];
  const planted = new Set<string>();
  let next = 0;
  const roles: string[] = names.map(() => "null");
  for (let k = 0; k < momentum; k++) roles[next++] = "momentum";
  for (let k = 0; k < reversal; k++) roles[next++] = "reversal";
  for (let k = 0; k < weekday; k++) roles[next++] = "weekday";
  const pairStart = next;
  // Pair k's legs are pairStart + 2k and that plus `sectors` (its sector peer).
  const needed = pairs > 0 ? pairStart + 2 * (pairs - 1) + sectors + 1 : pairStart;
  if (needed > symbols)
    throw new RangeError(
      `plantedMarket: ${symbols} symbols are too few for the planted effects and ${sectors} sectors; need at least ${needed}`,
    );

  for (let i = 0; i < symbols; i++) {
    const random = stream(`symbol:${names[i]}`);
    const idioVolatility = 0.012 + 0.008 * random.uniform();
    const idio = garchPath(length, idioVolatility, random.shock);
    const betaMarket = 0.6 + 0.8 * random.uniform();
    const betaSector = 0.5 + random.uniform();
    const sector = sectorPaths[i % sectors]!;
    const role = roles[i]!;
    let level = Math.log(20 + 80 * random.uniform());
    let regime = random.uniform() < 0.5 ? 1 : -1;
    let previousIdio = 0;
    const path = new Float64Array(length);
    for (let t = 0; t < length; t++) {
      let own = idio[t]!;
      if (role === "momentum") {
        if (random.uniform() < plantedStrength.momentumSwitch) regime = -regime;
        own += regime * plantedStrength.momentumKappa * idioVolatility;
      } else if (role === "reversal") {
        own += plantedStrength.reversalPhi * previousIdio;
      } else if (role === "weekday" && weekdayOf(timestampMs[t]!) === 1) {
        own += plantedStrength.mondayDelta * idioVolatility;
      }
      previousIdio = own;
      level += 0.07 / 252 + betaMarket * market[t]! + betaSector * sector[t]! + own;
      path[t] = level;
    }
    logClose.push(path);
    if (role !== "null") planted.add(names[i]!);
    if (role === "momentum")
      effects.push({
        pattern: "momentum",
        symbols: [names[i]!],
        strength: plantedStrength.momentumKappa,
        describe: "regime drift / idiosyncratic sd",
      });
    if (role === "reversal")
      effects.push({
        pattern: "mean_reversion",
        symbols: [names[i]!],
        strength: plantedStrength.reversalPhi,
        describe: "AR(1) of idiosyncratic returns",
      });
    if (role === "weekday")
      effects.push({
        pattern: "day_of_week",
        symbols: [names[i]!],
        strength: plantedStrength.mondayDelta,
        describe: "Monday return / idiosyncratic sd",
      });
  }

  // Pair legs: A tracks B (a null-like symbol of the same sector) plus a stationary residual.
  for (let k = 0; k < pairs; k++) {
    const a = pairStart + 2 * k;
    const b = a + sectors;
    const random = stream(`pair:${k}`);
    const { pairPhi, pairResidualStd } = plantedStrength;
    const innovation = pairResidualStd * Math.sqrt(1 - pairPhi * pairPhi);
    let residual = 0;
    const path = new Float64Array(length);
    const offset = Math.log(0.5 + random.uniform());
    for (let t = 0; t < length; t++) {
      residual = pairPhi * residual + innovation * random.shock();
      path[t] = logClose[b]![t]! + offset + residual;
    }
    logClose[a] = path;
    planted.add(names[a]!);
    planted.add(names[b]!);
    effects.push({
      pattern: "pairs",
      symbols: [names[a]!, names[b]!],
      strength: pairPhi,
      describe: "AR(1) of the log-price residual",
    });
  }

  const bars = names.map((name, i) =>
    toBars(name, timestampMs, logClose[i]!, stream(`bars:${name}`).normal),
  );
  return { bars, effects, nullSymbols: names.filter((name) => !planted.has(name)) };
}

function toBars(
  symbol: string,
  timestampMs: Float64Array,
  logClose: Float64Array,
  normal: () => number,
): BarSeries {
  const length = logClose.length;
  const bars = emptyBars(symbol, length);
  bars.timestampMs.set(timestampMs);
  let previous = logClose[0]!;
  for (let t = 0; t < length; t++) {
    const close = Math.exp(logClose[t]!);
    const open = Math.exp(previous + 0.002 * normal());
    bars.open[t] = open;
    bars.close[t] = close;
    bars.high[t] = Math.max(open, close) * Math.exp(0.004 * Math.abs(normal()));
    bars.low[t] = Math.min(open, close) * Math.exp(-0.004 * Math.abs(normal()));
    bars.volume[t] = 1_000_000;
    previous = logClose[t]!;
  }
  return bars;
}

function weekdayTimes(firstMonday: number, length: number): Float64Array {
  const out = new Float64Array(length);
  let day = firstMonday;
  for (let t = 0; t < length; t++) {
    while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day += dayMs;
    out[t] = day;
    day += dayMs;
  }
  return out;
}

function weekdayOf(timeMs: number): number {
  return new Date(timeMs).getUTCDay();
}
