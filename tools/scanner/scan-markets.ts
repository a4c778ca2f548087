import { setImmediate } from "node:timers/promises";
import { z } from "zod";
import {
  defaultScanOptions,
  mergeScanParts,
  minimumBars,
  patternFamilies,
  planScan,
  scanMarketSteps,
  type PatternFamily,
  type ScanOptions,
  type ScanResult,
} from "../../engine/scanner/index.ts";
import { sliceBars } from "../../engine/bars.ts";
import type { BarSeries } from "../../engine/types.ts";
import { loadBars } from "../bars/load-bars.ts";
import { universeSymbols, UniqueSymbols } from "../correlation/symbol-sets.ts";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError, invalidInput } from "../errors.ts";
import { contractRoot } from "../bars/market-of.ts";
import type { Queue } from "../ports/queue.ts";
import type { Store } from "../ports/store.ts";
import { FindingSchema, NearMissSchema, formatFinding } from "./finding-schema.ts";
import { scanOnWorkers } from "./scan-parts.ts";

export const scanMarkets = defineTool({
  name: "scan_markets",
  summary:
    "Scan stored bars for inefficiencies across nine pattern families, FDR-controlled, confirmed out of sample.",
  description:
    "Scan stored bars (daily by default) for exploitable inefficiencies (momentum, mean reversion, pairs, weekday and turn-of-month seasonality, breakouts, volatility regimes, gaps, lead-lag): every candidate tested, false discoveries controlled across the whole scan (Benjamini-Hochberg), each finding confirmed out of sample after costs and given a strategy spec ready for backtest_strategy. Findings are stored and deduplicated across scans. While workers run (alphadesk worker), the tests fan out over them and merge into one correction.",
  input: z
    .object({
      universe: z
        .string()
        .optional()
        .describe("A universe name (see list_universes); default: every stored daily symbol."),
      symbols: UniqueSymbols(1, 5000).optional().describe("Symbols to scan instead of a universe."),
      families: z
        .array(z.enum(patternFamilies))
        .min(1)
        .optional()
        .describe(`Pattern families (default all): ${patternFamilies.join(", ")}.`),
      alpha: z
        .number()
        .gt(0)
        .max(0.2)
        .default(defaultScanOptions.alpha)
        .describe("False discovery rate across the scan (default 0.05)."),
      costBps: z
        .number()
        .min(0)
        .max(500)
        .default(defaultScanOptions.costBps)
        .describe("Round-trip trading cost in basis points (default 5)."),
      timeframe: z
        .enum(["1d", "1h", "15m", "5m", "1m"])
        .default("1d")
        .describe(
          "Bars to scan (default 1d). Intraday scans need intraday bars stored (fetch_bars); Sharpe ratios are annualized by the bars per year each series shows.",
        ),
      lookbackBars: z
        .number()
        .int()
        .min(minimumBars)
        .optional()
        .describe(
          `Scan only each symbol's most recent bars (at least ${minimumBars}; default: all stored).`,
        ),
      inSampleRatio: z
        .number()
        .min(0.5)
        .max(0.9)
        .default(defaultScanOptions.inSampleRatio)
        .describe(
          "Share of each series used to find effects; the rest confirms them (default 0.7).",
        ),
    })
    .strict()
    .refine((input) => input.universe === undefined || input.symbols === undefined, {
      message: "give `universe` or `symbols`, not both",
      path: ["symbols"],
    }),
  output: z.object({
    scanId: z.string(),
    symbolsScanned: z.number().int(),
    candidatesTested: z
      .number()
      .int()
      .describe("Hypotheses tested; q-values correct for all of them."),
    findings: z.array(FindingSchema).describe("Confirmed findings, strongest first."),
    decayed: z
      .number()
      .int()
      .describe("Earlier findings this scan tested again and no longer found."),
    alpha: z.number().describe("The false-discovery rate a finding's q-value had to meet."),
    nearMisses: z
      .array(NearMissSchema)
      .describe(
        "The strongest candidates that did not survive, smallest q first, and why: never stored, never findings.",
      ),
    skipped: z.array(z.string()).describe("Symbols with too little data to test."),
  }),
  effect: "write",
  async run(input, context) {
    const symbols = await scanSymbols(context.store, input.universe, input.symbols);
    context.progress(0, `loading ${symbols.length} symbols`);
    const startedMs = context.clock.nowMs();
    const lookback = input.lookbackBars ?? 0;
    const loaded = await loadBars(context.store, symbols, input.timeframe, null);
    const bars =
      input.lookbackBars === undefined
        ? loaded
        : loaded.map((series) => sliceBars(series, Math.max(0, series.close.length - lookback)));
    const families = (input.families ?? [...patternFamilies]) as PatternFamily[];
    const options = {
      families,
      alpha: input.alpha,
      costBps: input.costBps,
      inSampleRatio: input.inSampleRatio,
      timeframe: input.timeframe,
    };
    const testing = (fraction: number) => context.progress(0.05 + 0.85 * fraction, "testing");
    const workers = context.fanOut ? await context.fanOut.workers() : 0;
    const result =
      context.fanOut && workers > 0
        ? await scanFannedOut(context.fanOut, workers, bars, options, testing, context.signal)
        : await scanHere(scanMarketSteps(bars, options), testing, context.signal);
    if (context.signal.aborted) throw cancelled();
    context.progress(0.92, `storing ${result.findings.length} findings`);
    const saved = await context.store.saveScan(
      {
        options,
        symbols,
        families,
        timeframe: input.timeframe,
        candidatesTested: result.candidatesTested,
        startedMs,
      },
      [...result.findings].sort(
        (a, b) => a.qValue - b.qValue || Math.abs(b.effectSize) - Math.abs(a.effectSize),
      ),
    );
    return {
      scanId: saved.scanId,
      symbolsScanned: symbols.length,
      candidatesTested: result.candidatesTested,
      findings: saved.findings.map(formatFinding),
      decayed: saved.decayed,
      alpha: input.alpha,
      nearMisses: result.nearMisses,
      skipped: result.rejected.insufficientData,
    };
  },
});

const cancelled = () =>
  new AlphadeskError("cancelled", "the scan was cancelled; nothing was stored", "user");

/** How long the scan holds this thread before it lets other work in (a chat's "stop", replies). */
const sliceMs = 50;

/** Runs the scan on this thread in slices, so the process stays responsive and a stop lands. */
async function scanHere(
  steps: Generator<number, ScanResult, void>,
  progress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<ScanResult> {
  let sliceStartMs = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    progress(next.value);
    if (performance.now() - sliceStartMs < sliceMs) continue;
    await setImmediate();
    if (signal.aborted) throw cancelled();
    sliceStartMs = performance.now();
  }
}

/** Plans here (the peer screen needs every symbol), tests on the workers, corrects once here. */
async function scanFannedOut(
  queue: Queue,
  workers: number,
  bars: BarSeries[],
  options: ScanOptions,
  progress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<ScanResult> {
  const { work, insufficientData } = planScan(bars, options);
  progress(0.1);
  try {
    const parts = await scanOnWorkers(
      queue,
      workers,
      work,
      options,
      (f) => progress(0.1 + 0.9 * f),
      signal,
    );
    return mergeScanParts(parts, options.alpha, insufficientData);
  } catch (error) {
    if (signal.aborted) throw cancelled();
    throw error;
  }
}

/** The universe's or the given symbols; by default every stored daily series, contracts as their roots. */
async function scanSymbols(
  store: Store,
  universe: string | undefined,
  symbols: string[] | undefined,
): Promise<string[]> {
  if (symbols) return symbols;
  if (universe) return universeSymbols(store, universe);
  const stored = (await store.listSymbols("1d")).map((summary) => summary.symbol);
  if (stored.length === 0) {
    throw invalidInput(
      "no daily bars are stored: import some with import_bars, fetch them with fetch_bars, or create the demo market with generate_demo_market",
    );
  }
  // Contracts are scanned as their roots' continuous series, not one by one.
  return [...new Set(stored.map((symbol) => contractRoot(symbol) ?? symbol))];
}
