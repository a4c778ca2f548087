import type { ToolContext } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import type { Execution } from "../ports/execution.ts";

export function requireExecution(context: ToolContext): Execution {
  if (!context.execution)
    throw new AlphadeskError(
      "broker_missing",
      "no broker is connected here: order tools run in `alphadesk chat`, `ask`, `tool`, `serve` and `worker`, which connect the configured broker (BROKER, default the simulated paper broker)",
      "user",
    );
  return context.execution;
}
