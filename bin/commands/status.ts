import { blockAsText } from "../../bots/core/message.ts";
import { statusBlocks } from "../../bots/core/status-view.ts";
import { runTool } from "../../tools/run-tool.ts";
import { deskStatus } from "../../tools/status/desk-status.ts";
import { readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";

/**
 * `alphadesk status`: the terminal's status view (`desk_status`, drawn as every chat face draws
 * it): trading state, approvals waiting, orders in flight, strategies by stage with P&L, gap to
 * backtest and correlation with the rest, and running jobs.
 */
export async function statusCommand(options: { json?: boolean }): Promise<number> {
  const runtime = await openRuntime(readConfig());
  const context = runtime.contextFor("status");
  try {
    const status = await runTool(deskStatus, {}, context);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(status, null, 2)}\n`
        : `${(statusBlocks(status) ?? []).map(blockAsText).join("\n\n")}\n`,
    );
    return 0;
  } finally {
    context.done();
    await runtime.close();
  }
}
