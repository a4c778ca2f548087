import type { CheerioAPI } from "cheerio";

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every object in the page's JSON-LD blocks, `@graph` members included; broken blocks are skipped. */
export function jsonLdObjects($: CheerioAPI): JsonObject[] {
  const objects: JsonObject[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isObject(value)) {
      objects.push(value);
      collect(value["@graph"]);
    }
  };
  $('script[type="application/ld+json"]').each((_, script) => {
    try {
      collect(JSON.parse($(script).text()));
    } catch {
      // A publisher's malformed JSON-LD only costs us that block's metadata.
    }
  });
  return objects;
}

/** A schema.org person or organisation as a name: "Jane Doe", {name: "Jane Doe"}, or a list of them. */
export function namesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(namesOf);
  if (isObject(value)) return namesOf(value["name"]);
  return [];
}
