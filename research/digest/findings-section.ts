import type { StoredFinding } from "../../tools/ports/findings.ts";
import { strategyId } from "../../tools/strategy/spec-schema.ts";
import { isoTime } from "../../tools/time-input.ts";
import { mentions, type DeskStrategies } from "./desk-strategies.ts";
import { rankedSection, type DigestScope } from "./digest-scope.ts";
import type { DigestWindow } from "./digest-window.ts";
import type { FindingItem } from "./digest-schema.ts";

/** The most findings read: list_findings' own ceiling. */
const findingsRead = 1000;

const inWindow = (ms: number, window: DigestWindow) => ms >= window.sinceMs && ms < window.untilMs;

/** New (first seen in the window) or re-confirmed in it, and still found at its end. */
function statusIn(finding: StoredFinding, window: DigestWindow): FindingItem["status"] | undefined {
  if (finding.decayedMs !== null && finding.decayedMs < window.untilMs) return undefined;
  if (inWindow(finding.firstSeenMs, window)) return "new";
  if (finding.firstSeenMs < window.sinceMs && inWindow(finding.lastConfirmedMs, window))
    return "reconfirmed";
  return undefined;
}

/** New ones first, then the strongest evidence (lowest q-value), then the best out of sample. */
function byNewsThenStrength(a: FindingItem, b: FindingItem): number {
  return (
    (a.status === b.status ? 0 : a.status === "new" ? -1 : 1) ||
    a.qValue - b.qValue ||
    Math.abs(b.outOfSampleSharpe) - Math.abs(a.outOfSampleSharpe) ||
    Number(a.findingId) - Number(b.findingId)
  );
}

/** Scanner findings new or re-confirmed in the window. */
export async function findingsSection({ store, window, desk, maxItems }: DigestScope) {
  const findings = await store.listFindings({ limit: findingsRead, includeDecayed: true });
  const items: FindingItem[] = [];
  for (const finding of findings) {
    const status = statusIn(finding, window);
    if (status) items.push(findingItem(finding, status, desk));
  }
  items.sort(byNewsThenStrength);
  // Newest confirmation first: a full read still inside the window may have left some out.
  const truncated =
    findings.length === findingsRead && findings.at(-1)!.lastConfirmedMs >= window.sinceMs;
  return rankedSection("scanner_findings", "Scanner findings", items, maxItems, [
    ...(items.length === 0 ? ["No scanner finding was new or re-confirmed in this window."] : []),
    ...(truncated
      ? [`Only the ${findingsRead} most recently confirmed findings were read: there may be more.`]
      : []),
  ]);
}

function findingItem(
  finding: StoredFinding,
  status: FindingItem["status"],
  desk: DeskStrategies,
): FindingItem {
  // A finding the user has backtested is stored under its spec's id: it is their strategy now.
  const adopted = desk.find(strategyId(finding.strategySpec));
  return {
    findingId: finding.id,
    status,
    pattern: finding.pattern,
    symbols: finding.symbols,
    direction: finding.direction,
    qValue: finding.qValue,
    outOfSampleSharpe: finding.outOfSample.sharpe,
    timesConfirmed: finding.timesConfirmed,
    firstSeen: isoTime(finding.firstSeenMs),
    lastConfirmed: isoTime(finding.lastConfirmedMs),
    explanation: finding.explanation,
    strategyId: adopted?.id ?? null,
    actions: adopted ? mentions([adopted]).actions : [],
  };
}
