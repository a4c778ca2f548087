import { AlphadeskError } from "../../errors.ts";
import type { JobContext, JobHandler } from "../../ports/queue.ts";

export type Outcome = { ok: true; result: unknown } | { ok: false; error: Error };

/** Runs one attempt of a handler, turning a throw into an outcome. */
export async function runGuarded(
  handler: JobHandler,
  data: unknown,
  context: JobContext,
): Promise<Outcome> {
  try {
    return { ok: true, result: await handler(data, context) };
  } catch (caught) {
    return { ok: false, error: caught instanceof Error ? caught : new Error(String(caught)) };
  }
}

export const cancelledError = (name: string, id: string) =>
  new AlphadeskError("cancelled", `job ${name} ${id} was cancelled`, "user");
