import { rankDescending } from "./currency-strength.ts";

/** Where a sector sits against the benchmark, after the relative rotation graph's quadrants. */
export const Quadrant = {
  leading: "leading",
  weakening: "weakening",
  lagging: "lagging",
  improving: "improving",
} as const;
export type Quadrant = keyof typeof Quadrant;

/**
 * Relative strength of a sector against the benchmark over `horizonBars` ending at bar `t`:
 * the sector's log return minus the benchmark's, ln(S_t/S_{t−h}) − ln(B_t/B_{t−h}). Positive
 * means the sector outperformed. NaN when the horizon reaches before the first bar.
 */
export function relativeStrength(
  sector: Float64Array,
  benchmark: Float64Array,
  horizonBars: number,
  t: number,
): number {
  if (t - horizonBars < 0 || t >= sector.length) return NaN;
  return (
    Math.log(sector[t]! / sector[t - horizonBars]!) -
    Math.log(benchmark[t]! / benchmark[t - horizonBars]!)
  );
}

/**
 * Quadrant from the longest horizon's relative strength (the trend) and the shortest's (the
 * momentum): leading (both positive), weakening (trend up, momentum down), lagging (both
 * negative), improving (trend down, momentum up).
 */
export function quadrantOf(trend: number, momentum: number): Quadrant {
  if (trend >= 0) return momentum >= 0 ? "leading" : "weakening";
  return momentum >= 0 ? "improving" : "lagging";
}

export interface HorizonRanks {
  horizonBars: number;
  strength: number[];
  /** 1 = strongest. */
  rank: number[];
  /** The rank `lookbackBars` earlier. */
  previousRank: number[];
}

export interface RotationSignal {
  sector: number;
  kind: "quadrant" | "rank_jump";
  from: Quadrant | number;
  to: Quadrant | number;
}

export interface SectorRotation {
  horizons: HorizonRanks[];
  quadrant: Quadrant[];
  signals: RotationSignal[];
}

/**
 * Ranks of each sector's relative strength against the benchmark per horizon at bar `t`, and
 * rotation signals against `lookbackBars` earlier: a quadrant change (the shortest or longest
 * horizon's relative strength crossed zero, e.g. improving -> leading) and a rank jump (the
 * shortest horizon's rank moved by `rankJump` places or more). All closes share one calendar
 * (aligned); `horizons` must be ascending, and `t − lookbackBars − longest horizon ≥ 0`.
 */
export function sectorRotation(
  sectors: readonly Float64Array[],
  benchmark: Float64Array,
  horizons: readonly number[],
  t: number,
  lookbackBars: number,
  rankJump = 3,
): SectorRotation {
  const longest = horizons.at(-1)!;
  if (t - lookbackBars - longest < 0)
    throw new RangeError(
      `need ${longest + lookbackBars + 1} aligned bars for a ${longest}-bar horizon and a ${lookbackBars}-bar lookback (have ${t + 1})`,
    );
  const strengthsAt = (at: number, horizon: number) =>
    sectors.map((sector) => relativeStrength(sector, benchmark, horizon, at));
  const ranked = horizons.map((horizonBars) => {
    const strength = strengthsAt(t, horizonBars);
    return {
      horizonBars,
      strength,
      rank: rankDescending(strength),
      previousRank: rankDescending(strengthsAt(t - lookbackBars, horizonBars)),
    };
  });
  const shortest = horizons[0]!;
  const quadrantAt = (at: number) => {
    const trend = strengthsAt(at, longest);
    const momentum = strengthsAt(at, shortest);
    return sectors.map((_, s) => quadrantOf(trend[s]!, momentum[s]!));
  };
  const quadrant = quadrantAt(t);
  const before = quadrantAt(t - lookbackBars);
  const signals: RotationSignal[] = [];
  sectors.forEach((_, s) => {
    if (before[s] !== quadrant[s])
      signals.push({ sector: s, kind: "quadrant", from: before[s]!, to: quadrant[s]! });
    const { rank, previousRank } = ranked[0]!;
    if (Math.abs(rank[s]! - previousRank[s]!) >= rankJump)
      signals.push({ sector: s, kind: "rank_jump", from: previousRank[s]!, to: rank[s]! });
  });
  return { horizons: ranked, quadrant, signals };
}
