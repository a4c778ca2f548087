import { z } from "zod";
import {
  bindParameters,
  boundsOf,
  templateProblems,
  validateSpace,
  type ParameterDomain,
  type ParameterSpace,
  type ParameterValues,
  type SpecTemplate,
} from "../../engine/optimizer/index.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { StrategySpecSchema } from "./spec-schema.ts";

const bounds = z.tuple([z.number(), z.number()]);

export const DomainSchema = z
  .union([
    z.object({ int: bounds, step: z.number().int().positive().optional() }).strict(),
    z.object({ float: bounds }).strict(),
    z.object({ logFloat: bounds }).strict(),
    z.object({ logInt: bounds }).strict(),
    z.object({ categorical: z.array(z.union([z.number(), z.string()])).min(1) }).strict(),
  ])
  .describe(
    '{"int": [5, 50], "step"?: 5}, {"float": [0.5, 3]}, {"logFloat": [0.001, 1]}, {"logInt": [2, 500]} or {"categorical": [...]}',
  );

/** Every parameter at one point of its domain: its low end (0), middle (0.5) or high end (1). */
export function valuesAt(space: ParameterSpace, where: 0 | 0.5 | 1): ParameterValues {
  const at = (domain: ParameterDomain): number | string => {
    if ("categorical" in domain)
      return domain.categorical[Math.round(where * (domain.categorical.length - 1))]!;
    const [low, high] = boundsOf(domain);
    const value = low + where * (high - low);
    if ("float" in domain || "logFloat" in domain) return value;
    const step = "int" in domain ? (domain.step ?? 1) : 1;
    return low + Math.round((value - low) / step) * step;
  };
  return Object.fromEntries(Object.entries(space).map(([name, domain]) => [name, at(domain)]));
}

/**
 * A strategy spec whose numbers may be free parameters: `params` declares each domain and
 * `{"param": "fast"}` stands where the spec takes a number. Checked by binding every parameter
 * at its low end, middle and high end and validating each spec, so a domain that reaches an
 * impossible value (a period of 0) is named before any trial runs.
 */
export const SpecTemplateSchema = z
  .looseObject({
    params: z
      .record(z.string().regex(/^[A-Za-z_]\w{0,39}$/, "a parameter name is a word"), DomainSchema)
      .describe('Free parameters, e.g. {"fast": {"int": [5, 50]}, "slow": {"int": [20, 200]}}.'),
  })
  .superRefine((template, context) => {
    const space = template.params as ParameterSpace;
    try {
      validateSpace(space);
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message, path: ["params"] });
      return;
    }
    const problems = templateProblems(template as SpecTemplate);
    for (const problem of problems)
      context.addIssue({ code: "custom", message: problem, path: ["params"] });
    if (problems.length > 0) return;
    const labels = ["low ends", "middles", "high ends"];
    ([0, 0.5, 1] as const)
      .map((where) => valuesAt(space, where))
      .forEach((values, k) => {
        const parsed = StrategySpecSchema.safeParse(
          bindParameters(template as SpecTemplate, values),
        );
        for (const issue of parsed.success ? [] : parsed.error.issues)
          context.addIssue({
            code: "custom",
            message: `with the parameters at their ${labels[k]} (${JSON.stringify(values)}): ${issue.message}`,
            path: issue.path as (string | number)[],
          });
      });
  })
  .describe(
    'A strategy spec with free parameters: "params" declares their domains and {"param": "name"} stands where a number goes.',
  );

/** The validated, defaulted spec of one set of values; throws the schema's error when they do not fit. */
export function bindTemplate(template: SpecTemplate, values: ParameterValues): StrategySpec {
  return StrategySpecSchema.parse(bindParameters(template, values)) as StrategySpec;
}
