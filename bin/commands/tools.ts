import { z } from "zod";
import { tools } from "../../tools/index.ts";

/**
 * `alphadesk tools [--json]`: every registered tool in a line; with `--json`, also its whole
 * description and its input and output JSON Schemas.
 */
export function toolsCommand(options: { json?: boolean }): number {
  if (options.json) {
    const listing = tools.map((tool) => ({
      name: tool.name,
      summary: tool.summary,
      description: tool.description,
      effect: tool.effect,
      inputSchema: z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any" }),
      outputSchema: z.toJSONSchema(tool.output, { io: "output", unrepresentable: "any" }),
    }));
    process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...tools.map((tool) => tool.name.length));
  for (const tool of tools) process.stdout.write(`${tool.name.padEnd(width)}  ${tool.summary}\n`);
  process.stdout.write(
    `\nRun one: npx alphadesk tool <name> '<json>'   Descriptions and schemas: npx alphadesk tools --json\n`,
  );
  return 0;
}
