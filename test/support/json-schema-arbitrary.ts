import fc, { type Arbitrary } from "fast-check";

type JsonSchema = Record<string, unknown> & {
  definitions?: Record<string, JsonSchema>;
};

const maxDepth = 4;

/**
 * Values shaped by a JSON Schema, for the subset `z.toJSONSchema` emits (const, enum, anyOf,
 * allOf, $ref into definitions, typed scalars with bounds, arrays, objects). It over-approximates
 * (patterns, refinements), so tests use the zod schema as the oracle of validity, not this.
 */
export function arbitraryFor(root: JsonSchema): Arbitrary<unknown> {
  const build = (schema: JsonSchema, depth: number): Arbitrary<unknown> => {
    if (depth > maxDepth) return fc.jsonValue({ maxDepth: 1 });
    const next = (child: unknown) => build((child ?? {}) as JsonSchema, depth + 1);
    if (typeof schema.$ref === "string")
      return build(root.definitions?.[schema.$ref.split("/").pop()!] ?? {}, depth + 1);
    if ("const" in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    const options = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
    if (options) return fc.oneof(...options.map(next));
    if (Array.isArray(schema.allOf)) return next(schema.allOf[0]);
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
    if (types.length > 1)
      return fc.oneof(...types.map((type) => build({ ...schema, type }, depth)));
    const number = (key: string, fallback: number) =>
      typeof schema[key] === "number" ? (schema[key] as number) : fallback;
    switch (types[0]) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return fc.integer({
          min: Math.ceil(number("minimum", -1e6)),
          max: Math.floor(number("maximum", 1e6)),
        });
      case "number":
        return fc.double({
          min: number("minimum", -1e6),
          max: number("maximum", 1e6),
          noNaN: true,
        });
      case "string":
        return fc.string({
          minLength: number("minLength", 0),
          maxLength: Math.min(number("maxLength", 12), 40),
        });
      case "array":
        return fc.array(next(schema.items), {
          minLength: number("minItems", 0),
          maxLength: Math.min(number("maxItems", 3), number("minItems", 0) + 3),
        });
      case "object": {
        const properties = (schema.properties ?? {}) as Record<string, unknown>;
        return fc.record(
          Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, next(value)])),
          { requiredKeys: (schema.required ?? []) as string[] },
        );
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  };
  return build(root, 0);
}

/** Small damage to a value: a key dropped, a value replaced by any JSON, or an unknown key added. */
export function mutated(value: unknown): Arbitrary<unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return fc.oneof(fc.constant(value), fc.jsonValue());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const variants: Arbitrary<unknown>[] = [
    fc.constant(record),
    fc.tuple(fc.string(), fc.jsonValue()).map(([key, any]) => ({ ...record, [key]: any })),
  ];
  if (keys.length > 0) {
    variants.push(
      fc
        .constantFrom(...keys)
        .map((dropped) =>
          Object.fromEntries(Object.entries(record).filter(([key]) => key !== dropped)),
        ),
      fc
        .tuple(fc.constantFrom(...keys), fc.jsonValue())
        .map(([key, any]) => ({ ...record, [key]: any })),
    );
  }
  return fc.oneof(...variants);
}
