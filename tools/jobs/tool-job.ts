import type { Tool, ToolContext } from "../define-tool.ts";
import { notFound } from "../errors.ts";
import type { JobHandler } from "../ports/queue.ts";
import { executeTool, parseToolInput } from "../run-tool.ts";

export interface ToolJobData {
  tool: string;
  input: unknown;
}

/** The job that runs one registry tool, so long tools and fan-out run on workers. */
export const toolJobName = "tool";

/** A handler running `data.tool` with the job's progress and cancellation. */
export function toolJob(
  tools: readonly Tool[],
  services: Omit<ToolContext, "progress" | "signal" | "actor">,
): JobHandler<ToolJobData, unknown> {
  return async ({ tool: name, input }, job) => {
    const tool = tools.find((candidate) => candidate.name === name);
    if (!tool) throw notFound(`no tool named ${name}`);
    return executeTool(tool, parseToolInput(tool, input), {
      ...services,
      progress: job.progress,
      signal: job.signal,
      actor: "worker",
    });
  };
}
