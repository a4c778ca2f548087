import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TurnResult } from "../../agent/run-turn.ts";
import { blockAsText } from "../../bots/core/message.ts";
import type { FileBlock } from "../../bots/core/message.ts";
import { renderTurn } from "../../bots/core/render-turn.ts";
import { resultFiles } from "../../bots/core/result-files.ts";
import { VegaChartRenderer } from "../../tools/adapters/charts/vega-renderer.ts";
import { chartsForResult } from "../../tools/charts/charts-for-result.ts";

/**
 * A turn as the terminal prints it: the reply, then the views a chat face shows beside it
 * (a backtest's metrics table, the status view, the digest) as text. Charts and programs are
 * files (`writeTurnFiles`); approval cards are printed by the command, each its own way.
 */
export async function turnAsText(turn: TurnResult): Promise<string> {
  const [message] = await renderTurn(turn, { waiting: [] });
  return (message?.blocks ?? [])
    .filter((block) => block.kind !== "file" && block.kind !== "image")
    .map(blockAsText)
    .join("\n\n");
}

/**
 * Writes what a chat face would attach: each generated program to `home/code`, a long list of
 * trades and exported bars as CSV to `home/exports`, each chart as a PNG to `home/charts`. Returns
 * a line per file (`  program: <path>`, `  trades: <path>`, `  bars: <path>`, `  chart: <path>`).
 */
export async function writeTurnFiles(home: string, turn: TurnResult): Promise<string[]> {
  const lines: string[] = [];
  const renderer = new VegaChartRenderer();
  for (const call of turn.toolCalls) {
    if (!call.ok) continue;
    for (const { kind, block } of resultFiles(call.name, call.output))
      lines.push(
        `  ${kind}: ${await saved(join(home, kind === "program" ? "code" : "exports"), block)}`,
      );
    const charts = chartsForResult(call.name, call.output);
    if (charts.length === 0) continue;
    const directory = join(home, "charts");
    await mkdir(directory, { recursive: true });
    for (const [index, chart] of charts.entries()) {
      const file = join(directory, `${call.name}-${Date.now()}-${index}.png`);
      await writeFile(file, await renderer.renderPng(chart));
      lines.push(`  chart: ${file}`);
    }
  }
  return lines;
}

/** A file block written into `directory`; its path. */
async function saved(directory: string, block: FileBlock): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, block.fileName);
  await writeFile(path, block.bytes);
  return path;
}
