import type { ParameterSpace, ParameterValues } from "./space.ts";

/**
 * A strategy spec with free parameters: `params` declares each one's domain, and
 * `{"param": "fast"}` stands wherever the spec takes a number (or a categorical choice). Plain
 * JSON: binding values gives a spec that the schema then validates like any other.
 */
export interface SpecTemplate {
  params: ParameterSpace;
  [field: string]: unknown;
}

export function isParameterReference(value: unknown): value is { param: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { param?: unknown }).param === "string"
  );
}

/** Every parameter name the template refers to, in order of first appearance. */
export function referencedParameters(template: SpecTemplate): string[] {
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (isParameterReference(value)) {
      if (!names.includes(value.param)) names.push(value.param);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  for (const [field, value] of Object.entries(template)) if (field !== "params") visit(value);
  return names;
}

/**
 * The template's problems: a reference to an undeclared parameter, a declared one never used.
 * Empty when it can be bound.
 */
export function templateProblems(template: SpecTemplate): string[] {
  const used = referencedParameters(template);
  const declared = Object.keys(template.params);
  return [
    ...used
      .filter((name) => !declared.includes(name))
      .map((name) => `{"param": "${name}"} is used but \`params\` does not declare ${name}`),
    ...declared
      .filter((name) => !used.includes(name))
      .map((name) => `params.${name} is declared but never used as {"param": "${name}"}`),
  ];
}

/**
 * The spec with every reference replaced by its value and `params` removed (not yet validated).
 * The name says which values it holds: each `{fast}` in it becomes fast's value, and values it
 * does not place are appended ("SMA crossover (fast 10, slow 50)"), so that two bound specs of
 * one template never share a name.
 */
export function bindParameters(
  template: SpecTemplate,
  values: ParameterValues,
): Record<string, unknown> {
  const bind = (value: unknown): unknown => {
    if (isParameterReference(value)) {
      const bound = values[value.param];
      if (bound === undefined) throw new RangeError(`no value for parameter \`${value.param}\``);
      return bound;
    }
    if (Array.isArray(value)) return value.map(bind);
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bind(item)]));
    return value;
  };
  const { params: declared, ...spec } = template;
  const bound = bind(spec) as Record<string, unknown>;
  if (typeof spec.name === "string")
    bound.name = boundName(spec.name, Object.keys(declared), values);
  return bound;
}

function boundName(name: string, declared: string[], values: ParameterValues): string {
  const placed = new Set<string>();
  const named = name.replace(/\{(\w+)\}/g, (whole, param: string) => {
    const value = values[param];
    if (value === undefined) return whole;
    placed.add(param);
    return valueLabel(value);
  });
  const rest = declared
    .filter((param) => !placed.has(param) && values[param] !== undefined)
    .map((param) => `${param} ${valueLabel(values[param]!)}`);
  return rest.length > 0 ? `${named} (${rest.join(", ")})` : named;
}

/** Integers as they are, other numbers to 4 significant digits: a name, not a record. */
const valueLabel = (value: number | string): string =>
  typeof value === "number" && !Number.isInteger(value)
    ? String(Number(value.toPrecision(4)))
    : String(value);
