import { Command, InvalidArgumentError, Option } from "commander";
import type { EventsOptions } from "./commands/events.ts";
import { eventTopics } from "../tools/ports/events.ts";
import packageJson from "../package.json" with { type: "json" };
import { ConfigError } from "./config.ts";

// Commands load on demand: starting `alphadesk mcp` need not compile the chat or charting code.
const program = new Command()
  .name("alphadesk")
  .version(packageJson.version)
  .description(
    "Alphadesk: deterministic tools for systematic trading research, from the command line.",
  )
  .showHelpAfterError();

program
  .command("start")
  .description(
    "What Alphadesk can do, then a demo backtest on the embedded defaults (what `npm start` runs)",
  )
  .action(async () => finish(await (await import("./commands/start.ts")).startCommand()));
program
  .command("chat")
  .description(
    "Talk to the assistant in the terminal: backtests, scans, quotes, orders (approved with y/n); charts saved as PNG",
  )
  .option("--thread <id>", "continue a stored conversation")
  .action(async (options: { thread?: string }) =>
    finish(await (await import("./commands/chat.ts")).chatCommand(options)),
  );
program
  .command("ask")
  .description(
    "One turn with the assistant, non-interactive; an order it proposes waits for `alphadesk approve`",
  )
  .argument("<message...>", 'e.g. "backtest a 20/50 moving average crossover on SPY since 2020"')
  .option("--json", "print {threadId, reply, toolCalls, approvals} as JSON")
  .option("--thread <id>", "continue a stored conversation")
  .action(async (words: string[], options: { json?: boolean; thread?: string }) =>
    finish(await (await import("./commands/ask.ts")).askCommand(words.join(" "), options)),
  );
program
  .command("tools")
  .description(
    "List every tool with its description; --json adds the input and output JSON Schemas",
  )
  .option("--json", "machine-readable listing")
  .action(async (options: { json?: boolean }) =>
    finish((await import("./commands/tools.ts")).toolsCommand(options)),
  );
program
  .command("tool")
  .description(
    "Run one tool: prints its JSON result on stdout (exit 2 on bad input, 1 on other failures)",
  )
  .argument("<name>", "tool name, e.g. backtest_strategy")
  .argument("[json]", "the input as JSON (default {})")
  .option("--input <file>", "read the input JSON from a file")
  .action(async (name: string, json: string | undefined, options: { input?: string }) =>
    finish(await (await import("./commands/tool.ts")).toolCommand(name, json, options)),
  );
program
  .command("mcp")
  .description(
    "Serve every tool, stored results and prompts over MCP on stdio (for Claude Desktop and IDEs); exits when stdin ends",
  )
  .action(async () => finish(await (await import("./commands/mcp.ts")).mcpCommand()));
program
  .command("serve")
  .description(
    "Serve MCP over Streamable HTTP at /mcp (HOST:PORT, default 127.0.0.1:8787; needs MCP_TOKEN), with /healthz and /metrics",
  )
  .action(async () => finish(await (await import("./commands/serve.ts")).serveCommand()));
program
  .command("watch")
  .description(
    "Live minute bars of stocks, ETFs and crypto pairs from Alpaca's streams, as they close",
  )
  .argument("<symbols...>", "e.g. SPY AAPL BTC/USD")
  .option("--count <n>", "stop after n bars", (value) => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 1)
      throw new InvalidArgumentError("must be a whole number of bars, 1 or more");
    return count;
  })
  .action(async (symbols: string[], options: { count?: number }) =>
    finish(await (await import("./commands/watch.ts")).watchCommand(symbols, options)),
  );
program
  .command("events")
  .description(
    "Completed scans, correlation regime changes, approvals, order progress and trading halts, one line each; --follow waits for new ones",
  )
  .option("--follow", "keep waiting for new events until Ctrl-C")
  .option(
    "--subscriber <name>",
    "resume where this subscriber stopped, and remember how far it got",
  )
  .addOption(new Option("--topic <topic...>", "only these topics").choices([...eventTopics]))
  .option("--after <id>", "events after this id (default: the last 20)", (value) => {
    const id = Number(value);
    if (!Number.isInteger(id) || id < 0)
      throw new InvalidArgumentError("must be an event id, a whole number 0 or more");
    return id;
  })
  .option("--json", "one JSON object per line")
  .action(async (options: EventsOptions) =>
    finish(await (await import("./commands/events.ts")).eventsCommand(options)),
  );
program
  .command("worker")
  .description(
    "Run queued tool jobs and the market-hours schedules on BullMQ (needs REDIS_URL) until stopped",
  )
  .action(async () => finish(await (await import("./commands/worker.ts")).workerCommand()));
program
  .command("migrate")
  .description("Apply database migrations to the configured database")
  .action(async () => finish(await (await import("./commands/migrate.ts")).migrateCommand()));
program
  .command("secrets")
  .description("Secrets stored in the database, encrypted at rest")
  .command("reseal")
  .description(
    "Seal plaintext strategy parameters and reseal those under an older key with the current one (after a key rotation)",
  )
  .option("--batch-size <n>", "rows per transaction (default 200)", (value) => {
    const size = Number(value);
    if (!Number.isInteger(size) || size < 1)
      throw new InvalidArgumentError("must be a whole number of rows, 1 or more");
    return size;
  })
  .action(async (options: { batchSize?: number }) =>
    finish(await (await import("./commands/secrets.ts")).resealCommand(options)),
  );

const orders = () => import("./commands/orders.ts");
program
  .command("approvals")
  .description("Orders waiting for a human's decision, as cards built from the database")
  .option("--all", "every approval, decided ones included")
  .option("--json", "one JSON object per line")
  .action(async (options: { all?: boolean; json?: boolean }) =>
    finish(await (await orders()).approvalsCommand(options)),
  );
program
  .command("approve")
  .description(
    "Approve an order (asks for confirmation unless --yes), then send it: risk re-checked with fresh prices",
  )
  .argument("<id>", "the approval's id (or a unique prefix of 6+ characters)")
  .option("--yes", "decide without the confirmation prompt")
  .action(async (id: string, options: { yes?: boolean }) =>
    finish(await (await orders()).decideCommand(id, true, options)),
  );
program
  .command("reject")
  .description("Reject an order waiting for approval (asks for confirmation unless --yes)")
  .argument("<id>", "the approval's id (or a unique prefix of 6+ characters)")
  .option("--yes", "decide without the confirmation prompt")
  .action(async (id: string, options: { yes?: boolean }) =>
    finish(await (await orders()).decideCommand(id, false, options)),
  );
program
  .command("cancel")
  .description(
    "Cancel one order: reject it while it waits for approval, withdraw it before it is sent, or cancel it at the broker",
  )
  .argument(
    "<id>",
    "the order's id (its clientOrderId, as `orders` shows it) or its first 8+ characters",
  )
  .action(async (id: string) => finish(await (await orders()).cancelCommand(id)));
program
  .command("orders")
  .description("Recent orders and their states; --send first sends approved orders that are due")
  .option("--send", "run one pass of the order executor first")
  .option("--json", "one JSON object per line")
  .action(async (options: { send?: boolean; json?: boolean }) =>
    finish(await (await orders()).ordersCommand(options)),
  );
program
  .command("kill")
  .description(
    "Kill switch: halt all trading and cancel every open order at the broker (works without the database, Redis or a model)",
  )
  .argument("[reason...]", "why, for the record")
  .action(async (reason: string[]) => finish(await (await orders()).killCommand(reason)));
program
  .command("status")
  .description(
    "Trading state, orders waiting or open, and every strategy past backtest: stage, days, P&L, gap to its backtest",
  )
  .option("--json", "machine-readable")
  .action(async (options: { json?: boolean }) =>
    finish(await (await import("./commands/status.ts")).statusCommand(options)),
  );
program
  .command("controls")
  .description(
    "Trading state, risk-limit overrides and paper auto-approval of the account and each strategy; change one with --limits or --auto-approve-paper",
  )
  .option("--strategy <id>", "the strategy's controls instead of the account's")
  .option(
    "--limits <json>",
    "override limits (only tighter than RISK_LIMITS), e.g. '{\"maxOrderNotional\":5000}'",
  )
  .addOption(
    new Option(
      "--auto-approve-paper <choice>",
      "skip the click for this strategy's paper orders",
    ).choices(["yes", "no"]),
  )
  .option("--json", "one JSON object per scope")
  .action(async (options: import("./commands/controls.ts").ControlsOptions) =>
    finish(await (await import("./commands/controls.ts")).controlsCommand(options)),
  );
program
  .command("reconcile")
  .description(
    "Compare the broker's positions with Alphadesk's fills; --accept takes the broker's positions as the new baseline",
  )
  .option("--accept", "accept the broker's positions as they are (asks unless --yes)")
  .option("--yes", "no confirmation prompt")
  .action(async (options: { accept?: boolean; yes?: boolean }) =>
    finish(await (await orders()).reconcileCommand(options)),
  );
program
  .command("resume")
  .description("Lift the kill switch's halt (asks for confirmation unless --yes)")
  .option("--yes", "resume without the confirmation prompt")
  .action(async (options: { yes?: boolean }) =>
    finish(await (await orders()).resumeCommand(options)),
  );

function finish(code: number): void {
  process.exitCode = code;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
