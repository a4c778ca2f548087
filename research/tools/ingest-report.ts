import { z } from "zod";
import type { ResearchSource } from "../../tools/ports/research.ts";
import { isoTime } from "../../tools/time-input.ts";
import { nextReadAtMs } from "../sources/source-schedule.ts";

export const IngestedItem = z.object({
  url: z
    .string()
    .nullable()
    .describe("The item's URL (null for a feed item without a usable link)."),
  title: z.string().nullable().describe("Its title as published (untrusted text)."),
  status: z
    .enum(["stored", "skipped", "failed"])
    .describe(
      "stored: a new document; skipped: already stored, disallowed by robots.txt, or no text; failed: could not be read (see `reason`).",
    ),
  reason: z.string().optional().describe("Why it was skipped or failed, or how it was stored."),
  documentId: z.string().optional().describe("The document stored, or the one it duplicates."),
  links: z.number().int().optional().describe("Strategies the new document was linked to."),
});
export type IngestedItem = z.output<typeof IngestedItem>;

export const IngestedSource = z.object({
  id: z.string().describe("The source's id."),
  name: z.string().describe("The source's name."),
  fetched: z.number().int().describe("Documents read: pages, or feed summaries in their place."),
  stored: z.number().int().describe("New documents stored."),
  skipped: z.number().int().describe("Items not stored for an expected reason (see `items`)."),
  failed: z
    .number()
    .int()
    .describe("Reads that failed: the source itself (see `problem`) or an item's page."),
  notModified: z.boolean().describe("True when the source answered that nothing changed (304)."),
  problem: z.string().optional().describe("Why the source itself could not be read."),
  alreadyStored: z
    .number()
    .int()
    .describe("Feed items whose URL is already stored: not fetched again, not listed."),
  itemsOverLimit: z.number().int().describe("New feed items beyond `maxItems`, not read this run."),
  consecutiveFailures: z
    .number()
    .int()
    .describe("Reads of the source that failed in a row, this one included (0 after a good one)."),
  nextReadAt: z
    .string()
    .describe("When its schedule calls for the next read (ISO-8601; sooner after a failure)."),
  items: z
    .array(IngestedItem)
    .describe("The feed items without a usable link first, then each item read, in feed order."),
});
export type IngestedSource = z.output<typeof IngestedSource>;

/** What became of one item, and whether the next run should read its feed again for it. */
export interface ItemOutcome {
  item: IngestedItem;
  /** A page or summary was read (it counts as fetched). */
  read: boolean;
  /** The failure may pass (a timeout, a 503): the feed's validators are kept so it is retried. */
  retryable?: boolean;
}

/** Counts one source's items as they come. */
export class SourceTally {
  private readonly report: IngestedSource;
  private retry = false;

  constructor(source: ResearchSource) {
    this.report = {
      id: source.id,
      name: source.name,
      fetched: 0,
      stored: 0,
      skipped: 0,
      failed: 0,
      notModified: false,
      alreadyStored: 0,
      itemsOverLimit: 0,
      consecutiveFailures: source.consecutiveFailures,
      nextReadAt: isoTime(nextReadAtMs(source)),
      items: [],
    };
  }

  add({ item, read, retryable }: ItemOutcome): void {
    this.report.items.push(item);
    if (read) this.report.fetched++;
    this.report[item.status]++;
    if (retryable) this.retry = true;
  }

  /** True when an item failed in a way that may pass: the next run should read the feed again. */
  get needsRetry(): boolean {
    return this.retry;
  }

  notModified(): void {
    this.report.notModified = true;
  }

  overLimit(count: number): void {
    this.report.itemsOverLimit = count;
  }

  alreadyStored(count: number): void {
    this.report.alreadyStored = count;
  }

  /** The source as the read left it: its failures in a row and its next read. */
  recorded(source: ResearchSource): void {
    this.report.consecutiveFailures = source.consecutiveFailures;
    this.report.nextReadAt = isoTime(nextReadAtMs(source));
  }

  problem(message: string): void {
    this.report.problem = message;
    this.report.failed++;
  }

  result(): IngestedSource {
    return this.report;
  }
}
