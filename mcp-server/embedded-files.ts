import type { EmbeddedResource } from "@modelcontextprotocol/sdk/types.js";
import { scheme } from "./resource-uris.ts";

/**
 * The file a result is for, embedded whole where no stored resource serves it: export_bars' CSV,
 * which the brief leaves out of the structured result (the model needs its counts, the person
 * the file).
 */
export function embeddedFiles(
  toolName: string,
  result: Record<string, unknown>,
): EmbeddedResource[] {
  const { csv, filename } = result;
  if (toolName !== "export_bars" || typeof csv !== "string" || typeof filename !== "string")
    return [];
  return [
    {
      type: "resource",
      resource: { uri: `${scheme}exports/${filename}`, mimeType: "text/csv", text: csv },
    },
  ];
}
