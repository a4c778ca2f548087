import { count, figure, percent } from "./format.ts";

interface Point {
  time: string;
  value: number;
}

interface DrawdownsOutput {
  of: string;
  start: string;
  end: string;
  count: number;
  maxDrawdown: number;
  current: { depth: number; peak: Point; days: number } | null;
  underwaterShare: number;
  falling: { from: string | null; to: string | null } | null;
  episodes: {
    peak: Point;
    trough: Point;
    recovered: string | null;
    depth: number;
    fallDays: number;
    recoveryDays: number | null;
    totalDays: number;
  }[];
}

const day = (time: string) => time.slice(0, 10);

/** " falling from 2020-01-01 to 2020-12-31" when drawdowns were picked by when they fell, else "". */
export function fallingSpan(falling: DrawdownsOutput["falling"]): string {
  if (!falling) return "";
  const bounds = [
    falling.from && `from ${day(falling.from)}`,
    falling.to && `to ${day(falling.to)}`,
  ];
  return ` falling ${bounds.filter(Boolean).join(" ")}`;
}

/** Shown in words; the table beside the reply (bots/core) lists every episode asked for. */
const inWords = 3;

/** drawdowns: how deep and how long, the one under way first, then the deepest few in words. */
export function describeDrawdowns(result: DrawdownsOutput): string {
  const head = `${result.of}, ${day(result.start)} to ${day(result.end)}: ${
    result.count === 0
      ? "no drawdown: every value was a new high or level with one."
      : `${count(result.count, "drawdown")}, the deepest ${percent(result.maxDrawdown, 1)}; below a high ${percent(result.underwaterShare, 0)} of the time.`
  }`;
  const { current } = result;
  const now = current
    ? `Under water now: ${percent(current.depth, 1)} below the high of ${figure(current.peak.value)} on ${day(current.peak.time)}, ${current.days} days ago.`
    : result.count > 0
      ? "At a high now."
      : undefined;
  const deepest = result.episodes.slice(0, inWords).map((episode, rank) => {
    const fall = `${rank + 1}. -${percent(episode.depth, 1)}: from ${figure(episode.peak.value)} on ${day(episode.peak.time)} to ${figure(episode.trough.value)} on ${day(episode.trough.time)} (${episode.fallDays} days down)`;
    return episode.recovered === null
      ? `${fall}, not recovered (${episode.totalDays} days so far).`
      : `${fall}, back on ${day(episode.recovered)} (${episode.recoveryDays} days up, ${episode.totalDays} in all).`;
  });
  const span = fallingSpan(result.falling);
  const listed =
    deepest.length > 0
      ? [`The deepest ${deepest.length === 1 ? "one" : deepest.length}${span}:`, ...deepest]
      : span && result.count > 0
        ? [`None was${span}.`]
        : [];
  return [head, ...(now ? [now] : []), ...listed].join("\n");
}
