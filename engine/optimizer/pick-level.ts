/** A ladder point: a level's complexity and its objective in and out of sample. */
export interface LadderPoint {
  level: number;
  complexity: number;
  inSample: number;
  outOfSample: number;
  /** The out-of-sample objective's standard error (over walk-forward windows, say); when the best level has one, it is the default tolerance. */
  outOfSampleStandardError?: number;
}

/** Without a standard error, levels within this fraction of the best out-of-sample objective count as as good. */
export const defaultToleranceFraction = 0.1;

/**
 * The level where added complexity stops paying: the simplest (lowest complexity, then lowest
 * level) whose out-of-sample objective is within `tolerance` of the best one. The default
 * tolerance is the best level's standard error when given (Breiman et al.'s one-standard-error
 * rule, Classification and Regression Trees, 1984), else `defaultToleranceFraction` of the
 * best value's magnitude. Levels whose out-of-sample value is not finite (failed) are left out.
 */
export function pickLevel(
  points: readonly LadderPoint[],
  tolerance?: number,
): { level: number; reason: string } {
  if (points.length === 0) throw new RangeError("pickLevel needs at least one ladder point");
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0))
    throw new RangeError(`\`tolerance\` must be a finite number of at least 0 (was ${tolerance})`);
  const simplestFirst = [...points].sort(
    (a, b) => a.complexity - b.complexity || a.level - b.level,
  );
  const usable = simplestFirst.filter((point) => Number.isFinite(point.outOfSample));
  if (usable.length === 0) {
    const simplest = simplestFirst[0]!;
    return {
      level: simplest.level,
      reason: `no level has a finite out-of-sample objective (every run failed); level ${simplest.level} is kept as the simplest, not as a winner`,
    };
  }
  const best = usable.reduce((top, point) => (point.outOfSample > top.outOfSample ? point : top));
  const standardError = best.outOfSampleStandardError;
  const [allowed, allowedSource] =
    tolerance !== undefined
      ? [tolerance, "the tolerance given"]
      : standardError !== undefined && Number.isFinite(standardError) && standardError >= 0
        ? [standardError, "one standard error"]
        : [
            defaultToleranceFraction * Math.abs(best.outOfSample),
            `${defaultToleranceFraction * 100}% of the best`,
          ];
  const chosen = usable.find((point) => point.outOfSample >= best.outOfSample - allowed)!;
  const moreComplex = usable.filter((point) => point.complexity > chosen.complexity).length;
  const simpler = usable.filter((point) => point.complexity < chosen.complexity).length;
  const within = `within ${format(allowed)} (${allowedSource})`;
  let reason: string;
  if (chosen === best) {
    reason =
      `level ${chosen.level} has the best out-of-sample objective, ${format(best.outOfSample)}` +
      (simpler > 0 ? `, and no simpler level comes ${within} of it` : ", and it is the simplest");
    if (moreComplex > 0)
      reason += `; the ${moreComplex} more complex level${moreComplex === 1 ? "" : "s"} add complexity that does not pay out of sample`;
  } else {
    reason = `level ${chosen.level} is the simplest whose out-of-sample objective, ${format(chosen.outOfSample)}, is ${within} of the best, ${format(best.outOfSample)} at level ${best.level}: the complexity level ${best.level} adds does not pay for itself`;
  }
  const inSampleBest = usable
    .filter((point) => Number.isFinite(point.inSample))
    .reduce<LadderPoint | undefined>(
      (top, point) => (top === undefined || point.inSample > top.inSample ? point : top),
      undefined,
    );
  if (
    inSampleBest !== undefined &&
    inSampleBest.complexity > chosen.complexity &&
    inSampleBest.outOfSample < chosen.outOfSample
  )
    reason += `. In sample the best is level ${inSampleBest.level} (${format(inSampleBest.inSample)}), but out of sample it reaches only ${format(inSampleBest.outOfSample)}: its extra rules fit the training data`;
  return { level: chosen.level, reason };
}

function format(value: number): string {
  return String(Number(value.toPrecision(3)));
}
