import { Command } from "commander";
import { migrateCommand } from "./commands/migrate.ts";
import { startCommand } from "./commands/start.ts";
import { toolCommand } from "./commands/tool.ts";
import { toolsCommand } from "./commands/tools.ts";
import { ConfigError } from "./config.ts";

const program = new Command()
  .name("alphadesk")
  .description(
    "Alphadesk: deterministic tools for systematic trading research, from the command line.",
  )
  .showHelpAfterError();

program
  .command("start")
  .description(
    "What Alphadesk can do, then a demo backtest on the embedded defaults (what `npm start` runs)",
  )
  .action(async () => finish(await startCommand()));
program
  .command("tools")
  .description(
    "List every tool with its description; --json adds the input and output JSON Schemas",
  )
  .option("--json", "machine-readable listing")
  .action((options: { json?: boolean }) => finish(toolsCommand(options)));
program
  .command("tool")
  .description(
    "Run one tool: prints its JSON result on stdout (exit 2 on bad input, 1 on other failures)",
  )
  .argument("<name>", "tool name, e.g. backtest_strategy")
  .argument("[json]", "the input as JSON (default {})")
  .option("--input <file>", "read the input JSON from a file")
  .action(async (name: string, json: string | undefined, options: { input?: string }) =>
    finish(await toolCommand(name, json, options)),
  );
program
  .command("migrate")
  .description("Apply database migrations to the configured database")
  .action(async () => finish(await migrateCommand()));

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
