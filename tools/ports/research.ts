/** How a source is read: an RSS/Atom feed of items, or one web page. */
export const ResearchSourceKind = { rss: "rss", html: "html" } as const;
export type ResearchSourceKind = (typeof ResearchSourceKind)[keyof typeof ResearchSourceKind];
export const researchSourceKinds = Object.values(ResearchSourceKind) as [
  ResearchSourceKind,
  ...ResearchSourceKind[],
];

/** The size of the embeddings the research index stores (migrations/0019_research.sql). */
export const researchEmbeddingDimensions = 384;

export interface NewResearchSource {
  /** An http(s) URL; a source is identified by it. */
  url: string;
  kind: ResearchSourceKind;
  name: string;
  /** 0 (rumour) .. 1 (primary source). */
  credibility: number;
  category: string | null;
  /** When to read it; null: every `defaultRefreshMinutes` of its kind (research/sources). */
  schedule: ResearchSchedule | null;
}

/** When a source is read: at the slots of a cron pattern in a time zone, or every so many minutes. */
export type ResearchSchedule = { cron: string; timeZone: string } | { refreshMinutes: number };

/** Bounds of `refreshMinutes`: the research job looks for due sources every 15 minutes. */
export const refreshMinutesRange = { min: 15, max: 43_200 } as const;

export interface ResearchSource extends NewResearchSource {
  id: string;
  /** Validators of the last response, for conditional requests. */
  etag: string | null;
  lastModified: string | null;
  /** When the last good read started (its answer, or a 304, was read). */
  lastFetchedAtMs: number | null;
  createdAtMs: number;
  /** When the last read started, finished or not. */
  lastAttemptAtMs: number | null;
  /** The last failed read of the source itself (not of an item), and when it started. */
  lastError: string | null;
  lastErrorAtMs: number | null;
  /** Reads failed in a row since the last good one. */
  consecutiveFailures: number;
  /** When it was paused (not read until resumed; its documents stay); null while it is read. */
  pausedAtMs: number | null;
}

/** What `updateResearchSource` may change; a field left out keeps its value. */
export interface ResearchSourceChanges {
  name?: string;
  credibility?: number;
  /** A time pauses it, null resumes it. */
  pausedAtMs?: number | null;
}

/** A read that failed: the source could not be fetched or parsed. */
export interface ResearchFetchFailure {
  error: string;
  /** When the failed read started. */
  failedAtMs: number;
}

/** What a fetch of a source left for the next one. */
export interface ResearchFetchRecord {
  etag: string | null;
  lastModified: string | null;
  fetchedAtMs: number;
}

/** A fetched document, split into chunks, each embedded (or not, when no vector is wanted). */
export interface NewResearchDocument {
  sourceId: string;
  /** The canonical URL: a second document with it is skipped. */
  url: string;
  title: string;
  author: string | null;
  publishedAtMs: number | null;
  fetchedAtMs: number;
  /** Stored verbatim: it is untrusted data, shown and searched, never followed. */
  text: string;
  /** sha256 hex of the normalized text: a second document with it is skipped. */
  contentHash: string;
  /** The canonical URL its feed listed, when the page was found at another (`url`). */
  listedUrl?: string | null;
  symbols: readonly string[];
  mechanisms: readonly string[];
  chunks: readonly { text: string; embedding: Float32Array | null }[];
  /** The embedder that made the chunks' embeddings (`Embedder.name`); required with any. */
  embedder: string | null;
}

/** A document was stored, or skipped because its URL or its text is already stored. */
export type SaveResearchDocumentOutcome =
  | { status: "stored"; documentId: string; chunks: number }
  | {
      status: "skipped";
      reason: "duplicate_url" | "duplicate_content";
      /** The document already stored. */
      documentId: string;
    };

export interface ResearchDocument extends Omit<
  NewResearchDocument,
  "chunks" | "embedder" | "listedUrl"
> {
  id: string;
  chunks: { id: string; index: number; text: string }[];
}

export interface ResearchLink {
  documentId: string;
  strategyId: string;
  /** Why they belong together, e.g. "mechanism: momentum; symbols: SPY". */
  reason: string;
}

export interface ResearchQuery {
  /**
   * Plain words match chunks with any of them, more of them closer together first; "quoted
   * phrases", `or` and `-word` switch to web-search syntax, where bare words are all required.
   */
  text: string;
  /** The query's embedding and its embedder; only chunks embedded by the same one are compared. */
  vector?: { embedder: string; values: Float32Array };
  /** At most this many documents. */
  limit: number;
  /** Only documents published (or, undated, fetched) at or after this time. */
  sinceMs?: number;
  /** Only documents linked to this strategy. */
  strategyId?: string;
}

export interface ResearchHit {
  documentId: string;
  /** The document's best chunk for the query. */
  chunkId: string;
  title: string;
  url: string;
  /** An excerpt of the chunk, verbatim. */
  snippet: string;
  /** Reciprocal rank fusion: the sum over rankings of 1 / (60 + rank). */
  score: number;
  source: { id: string; name: string; credibility: number };
  publishedAtMs: number | null;
}

/**
 * "hybrid": vector k-NN and full-text rankings fused; "full_text": words only, because this
 * database has no pgvector or the query came without a vector (`reason` says which).
 */
export type ResearchSearchResult =
  | { mode: "hybrid"; hits: ResearchHit[] }
  | { mode: "full_text"; reason: string; hits: ResearchHit[] };

/** Which documents a digest reads: those stored in a time window that concern the desk. */
export interface StoredResearchQuery {
  /** Stored (fetched) at or after this time, epoch ms. */
  sinceMs: number;
  /** Stored before this time (exclusive), epoch ms. */
  untilMs: number;
  /** Documents naming one of these symbols count even when no strategy is linked (held positions). */
  symbols: readonly string[];
  /** At most this many documents. */
  limit: number;
}

/** A stored document as a digest lists it, with its source and its links to strategies. */
export interface StoredResearchItem {
  documentId: string;
  title: string;
  url: string;
  /** The start of its text, verbatim: untrusted data, never instructions. */
  excerpt: string;
  publishedAtMs: number | null;
  fetchedAtMs: number;
  symbols: string[];
  mechanisms: string[];
  source: { id: string; name: string; credibility: number };
  /** By strategy name. */
  links: { strategyId: string; strategyName: string; reason: string }[];
}

/** Which stored documents may concern a strategy: they share a mechanism or hold one of its symbols. */
export interface ResearchLinkCandidateQuery {
  /** Documents whose text (or title) contains one of these, case-sensitive. */
  symbols: readonly string[];
  /** Documents read as naming one of these mechanisms. */
  mechanisms: readonly string[];
  /** Id order: those after this document id (paging), at most `limit`. */
  afterDocumentId: string | null;
  limit: number;
}

export interface ResearchLinkCandidate {
  documentId: string;
  title: string;
  /** Untrusted: only read for symbols and mechanisms. */
  text: string;
}

/** Research sources, their documents and chunks, links to strategies, and search over them. */
export interface ResearchStore {
  /** Adds a source; one with the same URL is returned as it is, with `created: false`. */
  addResearchSource(
    source: NewResearchSource,
  ): Promise<{ source: ResearchSource; created: boolean }>;
  /** Oldest first. */
  listResearchSources(): Promise<ResearchSource[]>;
  requestResearchSource(id: string): Promise<ResearchSource | undefined>;
  /** Keeps a good read's validators and time, its failures in a row back to 0; not_found for an unknown source. */
  recordResearchFetch(sourceId: string, fetch: ResearchFetchRecord): Promise<ResearchSource>;
  /**
   * Starts a read at `attemptAtMs`. With `previousAttemptAtMs` (what the caller saw), only when no
   * other read has started since: false then, and the source is another run's. not_found for an
   * unknown source.
   */
  claimResearchRead(
    sourceId: string,
    attempt: { attemptAtMs: number; previousAttemptAtMs?: number | null },
  ): Promise<boolean>;
  /** Keeps a failed read's error and time and counts it; not_found for an unknown source. */
  recordResearchFailure(sourceId: string, failure: ResearchFetchFailure): Promise<ResearchSource>;
  /** Renames, re-rates, pauses or resumes a source; not_found for an unknown source. */
  updateResearchSource(sourceId: string, changes: ResearchSourceChanges): Promise<ResearchSource>;
  /** Which of these canonical URLs a stored document has (as its URL or as the one its feed listed). */
  requestKnownResearchUrls(urls: readonly string[]): Promise<string[]>;
  /**
   * Stores a document and its chunks (with their embeddings where the database has pgvector;
   * dropped otherwise) in one transaction, or skips it when its canonical URL or its text is
   * already stored.
   */
  saveResearchDocument(document: NewResearchDocument): Promise<SaveResearchDocumentOutcome>;
  requestResearchDocument(id: string): Promise<ResearchDocument | undefined>;
  /** Links documents to strategies in one transaction; a link already there is kept. */
  linkResearch(links: readonly ResearchLink[]): Promise<{ linked: number }>;
  /** Stored strategies whose older research has not been read for links: newest first, at most `limit`. */
  listStrategiesToRelink(limit: number): Promise<string[]>;
  /** Documents that may concern a strategy, in id order, for its links to be read from their text. */
  requestResearchLinkCandidates(
    query: ResearchLinkCandidateQuery,
  ): Promise<ResearchLinkCandidate[]>;
  /** Stores a strategy's links to older research and marks it relinked, in one transaction. */
  saveStrategyRelink(
    strategyId: string,
    links: readonly ResearchLink[],
  ): Promise<{ linked: number }>;
  /** The best documents for a query, best first, one hit (its best chunk) per document. */
  searchResearch(query: ResearchQuery): Promise<ResearchSearchResult>;
  /**
   * Documents stored in [sinceMs, untilMs) that are linked to a strategy or name one of
   * `symbols`: the most credible source first, then the newest (published, else fetched); at
   * most `limit`, with how many matched in all.
   */
  listStoredResearch(
    query: StoredResearchQuery,
  ): Promise<{ items: StoredResearchItem[]; total: number }>;
}
