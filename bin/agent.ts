import { OfflineBrain } from "../agent/offline-brain.ts";
import { OpenAIBrain } from "../agent/openai-brain.ts";
import type { Brain } from "../agent/brain.ts";
import { buildAgent, type Agent } from "../agent/graph.ts";
import type { TurnStops } from "../agent/turn-stops.ts";
import type { TurnProgress } from "../bots/core/turn-progress.ts";
import { SqlCheckpointSaver } from "../tools/adapters/sql/checkpoint-saver.ts";
import { tools } from "../tools/index.ts";
import type { Config } from "./config.ts";
import type { Runtime } from "./runtime.ts";

/** The model `LLM_MODEL` names behind `LLM_BASE_URL`, else the offline planner. */
export function brainFromConfig(config: Config): Brain {
  if (!config.LLM_MODEL) return new OfflineBrain();
  return new OpenAIBrain({
    baseURL: config.LLM_BASE_URL ?? "https://api.openai.com/v1",
    apiKey: config.LLM_API_KEY ?? "not-needed",
    model: config.LLM_MODEL,
  });
}

/**
 * The agent over the runtime's registry, store and broker, its threads in the database. Tool
 * progress goes to stderr and, with `progress`, to the chat thread whose turn runs the tool;
 * with `stops`, a person can stop the turn running in their thread.
 */
export function agentFromRuntime(
  runtime: Runtime,
  options: { brain?: Brain; progress?: TurnProgress; stops?: TurnStops } = {},
): Agent {
  const { brain = brainFromConfig(runtime.config), progress, stops } = options;
  return buildAgent({
    brain,
    tools,
    checkpointer: new SqlCheckpointSaver(runtime.sqlClient),
    approvals: runtime.store,
    ...(stops ? { stopSignal: (threadId: string) => stops.signal(threadId) } : {}),
    contextFor(toolName, actor, threadId) {
      const context = { ...runtime.contextFor(toolName), thread: threadId };
      if (!progress) return { ...context, actor };
      return {
        ...context,
        actor,
        progress(fraction, message) {
          context.progress(fraction, message);
          progress.report(threadId, fraction, message);
        },
      };
    },
  });
}
