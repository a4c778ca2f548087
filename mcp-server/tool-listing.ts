import type { Tool as McpTool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Tool } from "../tools/index.ts";

type ObjectSchema = McpTool["inputSchema"];

/** Honest hints derived from what a tool does: only order tools are destructive. */
export function annotationsFor(tool: Tool): ToolAnnotations {
  return {
    title: titleOf(tool.name),
    readOnlyHint: tool.effect === "read",
    destructiveHint: tool.effect === "order",
    idempotentHint: tool.idempotent === true,
    openWorldHint: tool.openWorld === true,
  };
}

// Generating the JSON Schemas of the strategy-spec tools takes tens of milliseconds; do it once per tool.
const listings = new WeakMap<Tool, McpTool>();

/** A registry tool as MCP's tools/list shows it: schemas from its zod input and output. */
export function describeTool(tool: Tool): McpTool {
  let listing = listings.get(tool);
  if (!listing) {
    listing = {
      name: tool.name,
      title: titleOf(tool.name),
      description: tool.description,
      inputSchema: jsonSchemaOf(tool, "input"),
      outputSchema: jsonSchemaOf(tool, "output"),
      annotations: annotationsFor(tool),
    };
    listings.set(tool, listing);
  }
  return listing;
}

/** MCP requires `type: "object"` at the root of both schemas. */
function jsonSchemaOf(tool: Tool, io: "input" | "output"): ObjectSchema {
  const schema = z.toJSONSchema(io === "input" ? tool.input : (tool.brief?.output ?? tool.output), {
    io,
    target: "draft-7",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  // A union of objects (market_calendar's output) has no `type`; declaring it keeps clients' validators happy.
  if (schema.type === undefined) return { ...schema, type: "object" };
  if (schema.type !== "object") {
    throw new Error(
      `${tool.name}: MCP needs an object ${io} schema, but its root is ${JSON.stringify(schema.type)}; wrap it in z.object`,
    );
  }
  return schema as ObjectSchema;
}

const titleOf = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll("_", " ");
