import { chunkText } from "../fetch/chunk.ts";
import { canonicalUrl, contentHash } from "../fetch/normalize.ts";
import type { ItemOutcome } from "./ingest-report.ts";
import { stopIfCancelled, type IngestRun } from "./ingest-run.ts";

/** A document read from a page or a feed summary, before it is stored. Every text is untrusted. */
export interface DocumentDraft {
  sourceId: string;
  /** Where it was read; stored in its canonical spelling. */
  url: string;
  /** The URL its feed listed, when that may differ from `url` (a redirect). */
  listedUrl?: string;
  title: string;
  author: string | null;
  publishedAtMs: number | null;
  text: string;
  /** How it was read, when that needs saying (e.g. a summary in place of a refused page). */
  note?: string;
}

/**
 * Chunks, embeds and stores a draft in one transaction (a duplicate URL or text is skipped),
 * then links it to the strategies it names. Cancellation is honoured before the save only, so a
 * document is stored whole or not at all.
 */
export async function storeDocument(draft: DocumentDraft, run: IngestRun): Promise<ItemOutcome> {
  const url = canonicalUrl(draft.url);
  const listedUrl = draft.listedUrl === undefined ? url : canonicalUrl(draft.listedUrl);
  const report = { url, title: draft.title };
  const chunks = chunkText(draft.text);
  if (chunks.length === 0) {
    return {
      item: { ...report, status: "skipped", reason: `no readable text at ${url}` },
      read: true,
    };
  }
  const texts = chunks.map((chunk) => chunk.text);
  const embeddings = run.embedder ? await run.embedder.embed(texts, run.signal) : undefined;
  const reading = run.linker.readDocument(draft);
  stopIfCancelled(run.signal);
  const saved = await run.store.saveResearchDocument({
    sourceId: draft.sourceId,
    url,
    title: draft.title,
    author: draft.author,
    publishedAtMs: draft.publishedAtMs,
    fetchedAtMs: run.clock.nowMs(),
    text: draft.text,
    contentHash: contentHash(draft.text),
    listedUrl: listedUrl === url ? null : listedUrl,
    symbols: reading.symbols,
    mechanisms: reading.mechanisms,
    chunks: texts.map((text, index) => ({ text, embedding: embeddings?.[index] ?? null })),
    embedder: run.embedder?.name ?? null,
  });
  if (saved.status === "skipped") {
    const same = saved.reason === "duplicate_url" ? "URL" : "text";
    const reason = `already stored: document ${saved.documentId} has the same ${same}`;
    return {
      item: { ...report, status: "skipped", reason, documentId: saved.documentId },
      read: true,
    };
  }
  // The document is committed: its links follow even when a cancellation comes meanwhile.
  const links = run.linker.linksFor(saved.documentId, reading);
  const { linked } = links.length > 0 ? await run.store.linkResearch(links) : { linked: 0 };
  return {
    item: {
      ...report,
      status: "stored",
      documentId: saved.documentId,
      links: linked,
      ...(draft.note === undefined ? {} : { reason: draft.note }),
    },
    read: true,
  };
}
