import { count } from "./format.ts";

interface DemoMarketOutput {
  imported: number;
  symbols: { symbol: string }[];
  corporateActions: number;
  firstTime: string | null;
  lastTime: string | null;
  note: string;
}

/** generate_demo_market: what was stored, over which dates, and what to try next. */
export function describeDemoMarket(result: DemoMarketOutput): string {
  const symbols = result.symbols.map((row) => row.symbol);
  const span =
    result.firstTime && result.lastTime
      ? ` from ${result.firstTime.slice(0, 10)} to ${result.lastTime.slice(0, 10)}`
      : "";
  return [
    `Stored ${count(result.imported, "daily bar")} of ${count(result.symbols.length, "symbol")}${span}, with ${count(result.corporateActions, "split or dividend", "splits and dividends")}. ${result.note}`,
    `Try: "backtest a 20/50 moving average crossover on ${symbols.includes("SPY") ? "SPY" : symbols[0]}" or "scan the markets".`,
  ].join("\n");
}

interface AuditCheckOutput {
  ok: boolean;
  rows: number;
  firstBadId?: string;
  problem?: string;
}

/** verify_audit_log: intact or not, and where it breaks. */
export function describeAuditCheck(result: AuditCheckOutput): string {
  return result.ok
    ? `The audit trail is intact: ${count(result.rows, "entry", "entries")} checked, every hash recomputed.`
    : `The audit trail does NOT verify: entry ${result.firstBadId ?? "?"} ${result.problem ?? "is wrong"} (${count(result.rows, "entry", "entries")} checked).`;
}
