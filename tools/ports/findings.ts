import type { Finding } from "../../engine/scanner/index.ts";

/** A finding as stored, with its history across scans. */
export interface StoredFinding extends Omit<Finding, "key"> {
  id: string;
  key: string;
  firstSeenMs: number;
  lastConfirmedMs: number;
  timesConfirmed: number;
  /** Set when a later scan tested the same pattern and symbols and no longer found it. */
  decayedMs: number | null;
}

export interface ScanSummary {
  options: unknown;
  symbols: readonly string[];
  families: readonly string[];
  /** The bars' timeframe: only findings of this timeframe can decay. */
  timeframe: string;
  candidatesTested: number;
  startedMs: number;
}

/** Scans and their deduplicated findings. */
export interface FindingsStore {
  /**
   * Stores a scan and its findings in one transaction: new findings are added, known ones
   * confirmed, and known ones of the scanned families and symbols that this scan did not find
   * are marked decayed. Returns the scan's findings as stored and how many decayed.
   */
  saveScan(
    scan: ScanSummary,
    findings: readonly Finding[],
  ): Promise<{ scanId: string; findings: StoredFinding[]; decayed: number }>;
  requestFinding(id: string): Promise<StoredFinding | undefined>;
  /**
   * How many candidates the scan that last confirmed the finding tested: the trials it was
   * picked from. Undefined for an unknown finding.
   */
  findingTrials(id: string): Promise<number | undefined>;
  /** Newest confirmations first; decayed ones only when asked. */
  listFindings(options: {
    limit: number;
    includeDecayed?: boolean;
    pattern?: string;
  }): Promise<StoredFinding[]>;
}
