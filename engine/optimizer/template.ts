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

/** The spec with every reference replaced by its value and `params` removed (not yet validated). */
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
  const { params: _declared, ...spec } = template;
  return bind(spec) as Record<string, unknown>;
}
