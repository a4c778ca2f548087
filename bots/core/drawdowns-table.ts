import type { z } from "zod";
import { drawdowns } from "../../tools/backtest/drawdowns.ts";
import { fallingSpan } from "../../tools/replies/drawdowns.ts";
import { table, type TableBlock } from "./message.ts";

type Drawdowns = z.output<typeof drawdowns.output>;

const day = (time: string) => time.slice(0, 10);

/** drawdowns' deepest episodes, a row each: depth, peak, low, recovery and the days between. */
export function drawdownsTable(output: unknown): TableBlock | undefined {
  const parsed = drawdowns.output.safeParse(output);
  if (!parsed.success || parsed.data.episodes.length === 0) return undefined;
  const result: Drawdowns = parsed.data;
  return table(
    ["", "Depth", "Peak", "Low", "Recovered", "Days down", "Days up", "Days in all"],
    result.episodes.map((episode, rank) => [
      String(rank + 1),
      `-${(episode.depth * 100).toFixed(1)}%`,
      day(episode.peak.time),
      day(episode.trough.time),
      episode.recovered === null ? "not yet" : day(episode.recovered),
      String(episode.fallDays),
      episode.recoveryDays === null ? "" : String(episode.recoveryDays),
      `${episode.totalDays}${episode.recovered === null ? " so far" : ""}`,
    ]),
    `${result.of}: the deepest drawdowns${fallingSpan(result.falling)}, ${day(result.start)} to ${day(result.end)}`,
  );
}
