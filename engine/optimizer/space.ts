/**
 * One parameter's domain. Bounds are inclusive. `int` values lie on `low + k * step`; `logInt`
 * and `logFloat` are searched on a log scale (samplers draw them log-uniformly), so their
 * bounds must be positive; `categorical` lists the choices, in the order the grid walks them.
 */
export type ParameterDomain =
  | { int: readonly [low: number, high: number]; step?: number }
  | { float: readonly [low: number, high: number] }
  | { logFloat: readonly [low: number, high: number] }
  | { logInt: readonly [low: number, high: number] }
  | { categorical: readonly (number | string)[] };

export type ParameterSpace = Readonly<Record<string, ParameterDomain>>;
export type ParameterValues = Record<string, number | string>;

/** A larger grid is refused: ten million backtests would not finish, so it is more likely a slip. */
export const maxGridPoints = 1e7;

const kinds = ["int", "float", "logFloat", "logInt", "categorical"] as const;

/** Throws a RangeError naming the parameter and the fix when the space cannot be searched. */
export function validateSpace(space: ParameterSpace): void {
  const names = Object.keys(space);
  if (names.length === 0)
    throw new RangeError("the parameter space must name at least one parameter");
  for (const name of names) {
    const problem = domainProblem(space[name]);
    if (problem) throw new RangeError(`parameter \`${name}\`: ${problem}`);
  }
}

function domainProblem(domain: unknown): string | undefined {
  if (typeof domain !== "object" || domain === null)
    return `must be an object with one of ${kinds.join(", ")}`;
  const keys = Object.keys(domain);
  const present = kinds.filter((kind) => keys.includes(kind));
  if (present.length !== 1)
    return `must have exactly one of ${kinds.join(", ")} (had ${keys.join(", ") || "none"})`;
  const kind = present[0]!;
  const extra = keys.filter((key) => key !== kind && !(kind === "int" && key === "step"));
  if (extra.length > 0) return `${kind} takes no ${extra.join(", ")}`;
  const value = (domain as Record<string, unknown>)[kind];
  if (kind === "categorical") return choicesProblem(value);
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((bound) => typeof bound === "number" && Number.isFinite(bound))
  )
    return `${kind} must be [low, high], two finite numbers (was ${JSON.stringify(value)})`;
  const [low, high] = value as [number, number];
  if (low > high) return `low must not exceed high (was ${low} and ${high})`;
  if (!Number.isFinite(high - low)) return `the range ${low} to ${high} overflows`;
  if (kind === "logFloat" && low <= 0)
    return `logFloat bounds must be positive (low was ${low}); use float for a range through 0`;
  if (kind === "int" || kind === "logInt") {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high))
      return `${kind} bounds must be whole numbers (were ${low} and ${high})`;
    if (kind === "logInt" && low < 1)
      return `logInt bounds must be at least 1 (low was ${low}); use int for a range through 0`;
  }
  if (kind === "int") {
    const step = (domain as { step?: unknown }).step ?? 1;
    if (typeof step !== "number" || !Number.isSafeInteger(step) || step < 1)
      return `step must be a whole number of at least 1 (was ${String(step)})`;
    if ((high - low) % step !== 0)
      return `high - low (${high - low}) must be a multiple of step ${step}; try high = ${high - ((high - low) % step)}`;
  }
  return undefined;
}

function choicesProblem(choices: unknown): string | undefined {
  if (!Array.isArray(choices) || choices.length === 0)
    return "categorical must list at least one choice";
  for (const choice of choices)
    if (typeof choice !== "string" && !(typeof choice === "number" && Number.isFinite(choice)))
      return `categorical choices must be strings or finite numbers (was ${JSON.stringify(choice)})`;
  const repeated = choices.filter((choice, index) => choices.indexOf(choice) !== index);
  if (repeated.length > 0) return `categorical lists ${JSON.stringify(repeated[0])} more than once`;
  return undefined;
}

/** Parameter names in the order the grid and the samplers use: sorted by UTF-16 code units, not locale. */
export function parameterNames(space: ParameterSpace): string[] {
  return Object.keys(space).sort();
}

/** Whether `value` is a point of the domain: a history written under another space fails this. */
export function inDomain(domain: ParameterDomain, value: number | string | undefined): boolean {
  if ("categorical" in domain) return value !== undefined && domain.categorical.includes(value);
  if (typeof value !== "number" || Number.isNaN(value)) return false;
  const [low, high] = boundsOf(domain);
  if (value < low || value > high) return false;
  if ("int" in domain) return Number.isInteger((value - low) / (domain.step ?? 1));
  return "logInt" in domain ? Number.isInteger(value) : true;
}

export function boundsOf(
  domain: Exclude<ParameterDomain, { categorical: unknown }>,
): readonly [number, number] {
  if ("int" in domain) return domain.int;
  if ("float" in domain) return domain.float;
  if ("logFloat" in domain) return domain.logFloat;
  return domain.logInt;
}

/**
 * How many distinct values the domain holds: Infinity for a float range. With
 * `pointsPerFloat`, how many the grid gives it instead (a float's, evenly spaced ends included).
 */
export function domainSize(domain: ParameterDomain, pointsPerFloat = Infinity): number {
  if ("categorical" in domain) return domain.categorical.length;
  const [low, high] = boundsOf(domain);
  if ("int" in domain) return (high - low) / (domain.step ?? 1) + 1;
  if ("logInt" in domain) return high - low + 1;
  return low === high ? 1 : pointsPerFloat;
}

/** How many distinct points the space holds: Infinity when a float range is free. */
export function spaceSize(space: ParameterSpace): number {
  validateSpace(space);
  return Object.values(space).reduce((size, domain) => size * domainSize(domain), 1);
}

/**
 * The grid's `index`-th value of one domain, ascending (categoricals in their listed order).
 * Floats are evenly spaced from low to high inclusive, log domains evenly in log space; the
 * last point is `high` itself so that rounding does not push it out of the domain.
 */
function gridValue(domain: ParameterDomain, index: number, count: number): number | string {
  if ("categorical" in domain) return domain.categorical[index]!;
  const [low, high] = boundsOf(domain);
  if ("int" in domain) return low + index * (domain.step ?? 1);
  if ("logInt" in domain) return low + index;
  if (index === count - 1) return high;
  const fraction = index / (count - 1);
  return "float" in domain ? low + (high - low) * fraction : low * (high / low) ** fraction;
}

/**
 * Every point of the grid, lazily: the Cartesian product over parameters in sorted-name order,
 * the first name varying slowest (an odometer), so the order is stable across runs and a
 * resumed run can skip what it has seen. Ints and categoricals give every value, floats
 * `pointsPerFloat` evenly spaced ones. The space and the grid's size are checked now, not at
 * the first point.
 */
export function gridPoints(
  space: ParameterSpace,
  pointsPerFloat = 10,
): IterableIterator<ParameterValues> {
  validateSpace(space);
  if (!Number.isSafeInteger(pointsPerFloat) || pointsPerFloat < 2)
    throw new RangeError(
      `pointsPerFloat must be a whole number of at least 2 (was ${pointsPerFloat})`,
    );
  const names = parameterNames(space);
  const domains = names.map((name) => space[name]!);
  const counts = domains.map((domain) => domainSize(domain, pointsPerFloat));
  const total = counts.reduce((product, count) => product * count, 1);
  if (total > maxGridPoints)
    throw new RangeError(
      `the grid would have ${total.toExponential(2)} points, more than ${maxGridPoints.toExponential(0)}: ` +
        `${names.map((name, k) => `\`${name}\` ${counts[k]}`).join(", ")}; narrow a range, raise a step or lower pointsPerFloat`,
    );
  return walkGrid(names, domains, counts);
}

function* walkGrid(
  names: readonly string[],
  domains: readonly ParameterDomain[],
  counts: readonly number[],
): Generator<ParameterValues> {
  const digits = counts.map(() => 0);
  for (;;) {
    const point: ParameterValues = {};
    names.forEach((name, k) => (point[name] = gridValue(domains[k]!, digits[k]!, counts[k]!)));
    yield point;
    let k = digits.length - 1;
    while (k >= 0 && ++digits[k]! === counts[k]!) digits[k--] = 0;
    if (k < 0) return;
  }
}
