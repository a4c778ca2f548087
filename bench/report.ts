/** One benchmark row: our median time, the peers' medians, and a plain-loop baseline. */
export interface BenchRow {
  name: string;
  oursMs: number;
  peersMs: Record<string, number>;
  /** The hand-written single-pass loop measured in the same run, when there is one. */
  baselineMs?: number;
  baselineName?: string;
  /** Notes such as "grademark timed on 5 symbols and scaled to 1000". */
  notes: string[];
  targets: { label: string; met: boolean }[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Times each contender `rounds` times, interleaved (a round runs every contender once, in a
 * rotating order), so machine noise hits all of them alike. Returns medians in ms.
 */
export function interleave(
  contenders: Record<string, () => unknown>,
  rounds: number,
): Record<string, number> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) contenders[name]!(); // warm-up: JIT and caches
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      // Collect the previous contender's garbage now, so its GC pauses are not charged to this one.
      (globalThis as { gc?: () => void }).gc?.();
      const started = performance.now();
      contenders[name]!();
      samples[name]!.push(performance.now() - started);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name]!)]));
}

const format = (ms: number) =>
  ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3);

export function printRows(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  for (const row of rows) {
    const peers = Object.entries(row.peersMs).sort(([, a], [, b]) => a - b);
    const fastest = peers[0];
    const parts = [`${row.name.padEnd(34)} ours ${format(row.oursMs).padStart(8)} ms`];
    if (row.baselineMs !== undefined)
      parts.push(
        `${row.baselineName ?? "plain loop"} ${format(row.baselineMs)} ms (ours/loop ${(row.oursMs / row.baselineMs).toFixed(2)}x)`,
      );
    if (fastest)
      parts.push(
        `fastest peer ${fastest[0]} ${format(fastest[1])} ms (${(fastest[1] / row.oursMs).toFixed(0)}x slower than ours)`,
      );
    console.log(parts.join(" | "));
    if (peers.length > 1)
      console.log(
        `${"".padEnd(36)}peers: ${peers.map(([name, ms]) => `${name} ${format(ms)}`).join(", ")}`,
      );
    for (const note of row.notes) console.log(`${"".padEnd(36)}note: ${note}`);
    for (const target of row.targets)
      console.log(`${"".padEnd(36)}${target.met ? "MET   " : "MISSED"} ${target.label}`);
  }
}
