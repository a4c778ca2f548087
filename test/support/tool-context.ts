import type { ToolContext } from "../../tools/define-tool.ts";
import type { Store } from "../../tools/ports/store.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A tool context over a test store that records progress reports. */
export function testContext(
  store: Store,
): ToolContext & { reports: [number, string | undefined][] } {
  const reports: [number, string | undefined][] = [];
  return {
    store,
    clock: { nowMs: () => Date.UTC(2026, 0, 1) },
    log: silent,
    progress: (fraction, message) => reports.push([fraction, message]),
    signal: new AbortController().signal,
    actor: "test",
    reports,
  };
}
