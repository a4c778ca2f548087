import { AlphadeskError, invalidInput, notFound } from "../../errors.ts";
import type {
  NewResearchDocument,
  NewResearchSource,
  ResearchDocument,
  ResearchFetchFailure,
  ResearchFetchRecord,
  ResearchLink,
  ResearchLinkCandidate,
  ResearchLinkCandidateQuery,
  ResearchQuery,
  ResearchSearchResult,
  ResearchSource,
  ResearchSourceChanges,
  ResearchStore,
  SaveResearchDocumentOutcome,
  StoredResearchItem,
  StoredResearchQuery,
} from "../../ports/research.ts";
import type { SqlClient } from "./client.ts";
import { hybridSearchSql, lexicalQuery, type SearchRow, toHit } from "./research-search-sql.ts";
import { epochMs } from "./epoch-ms.ts";

// The Store's research part (migrations/0019_research.sql), kept apart from store.ts so each
// file does one job. The embedding column exists only where pgvector could be installed: its
// size is read from the catalog once, and without it embeddings are dropped and search runs on
// full text alone.

const isRowId = (id: string) => /^\d{1,18}$/.test(id);
/** How much of a document's text a listing carries: enough for a snippet. */
const excerptChars = 600;

interface SourceRow {
  id: string;
  url: string;
  kind: ResearchSource["kind"];
  name: string;
  credibility: number;
  category: string | null;
  schedule: { cron: string; timeZone: string } | null;
  refresh_minutes: number | null;
  etag: string | null;
  last_modified: string | null;
  last_fetched: number | null;
  created: number;
  last_attempt: number | null;
  last_error: string | null;
  last_error_time: number | null;
  consecutive_failures: number;
  paused: number | null;
}

const sourceColumns = `id::text AS id, url, kind, name, credibility, category, schedule,
  refresh_minutes, etag, last_modified, ${epochMs("last_fetched_at")} AS last_fetched,
  ${epochMs("created_at")} AS created, ${epochMs("last_attempt_at")} AS last_attempt, last_error,
  ${epochMs("last_error_at")} AS last_error_time, consecutive_failures,
  ${epochMs("paused_at")} AS paused`;

const msOrNull = (value: number | null) => (value === null ? null : Math.round(value));

const toSource = (row: SourceRow): ResearchSource => ({
  id: row.id,
  url: row.url,
  kind: row.kind,
  name: row.name,
  credibility: row.credibility,
  category: row.category,
  schedule: row.refresh_minutes === null ? row.schedule : { refreshMinutes: row.refresh_minutes },
  etag: row.etag,
  lastModified: row.last_modified,
  lastFetchedAtMs: msOrNull(row.last_fetched),
  createdAtMs: Math.round(row.created),
  lastAttemptAtMs: msOrNull(row.last_attempt),
  lastError: row.last_error,
  lastErrorAtMs: msOrNull(row.last_error_time),
  consecutiveFailures: row.consecutive_failures,
  pausedAtMs: msOrNull(row.paused),
});

/** The schedule as its two columns: a cron in `schedule`, an interval in `refresh_minutes`. */
const scheduleColumns = (schedule: NewResearchSource["schedule"]) =>
  schedule === null
    ? [null, null]
    : "refreshMinutes" in schedule
      ? [null, schedule.refreshMinutes]
      : [JSON.stringify(schedule), null];

/** pgvector's text form; refuses vectors it would refuse, with the reason. */
function vectorLiteral(values: Float32Array, dimensions: number, embedder: string): string {
  if (values.length !== dimensions) {
    throw new AlphadeskError(
      "embedder_mismatch",
      `the research index stores ${dimensions}-dimensional embeddings but embedder "${embedder}" made ${values.length}: configure an embedder with ${dimensions} dimensions`,
      "user",
    );
  }
  if (!values.every(Number.isFinite)) {
    throw invalidInput(`embedder "${embedder}" made an embedding with a NaN or infinite value`);
  }
  return `[${values.join(",")}]`;
}

export class SqlResearchStore implements ResearchStore {
  private vectorColumn?: Promise<number | null>;

  constructor(private readonly client: SqlClient) {}

  async addResearchSource(source: NewResearchSource) {
    const [inserted] = await this.client.query<SourceRow>(
      `INSERT INTO research_sources (url, kind, name, credibility, category, schedule, refresh_minutes)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT (url) DO NOTHING RETURNING ${sourceColumns}`,
      [
        source.url,
        source.kind,
        source.name,
        source.credibility,
        source.category,
        ...scheduleColumns(source.schedule),
      ],
    );
    if (inserted) return { source: toSource(inserted), created: true };
    // A new statement: it sees the row a concurrent writer committed while this one waited.
    const [existing] = await this.client.query<SourceRow>(
      `SELECT ${sourceColumns} FROM research_sources WHERE url = $1`,
      [source.url],
    );
    return { source: toSource(existing!), created: false };
  }

  async listResearchSources() {
    const rows = await this.client.query<SourceRow>(
      `SELECT ${sourceColumns} FROM research_sources ORDER BY id`,
    );
    return rows.map(toSource);
  }

  async requestResearchSource(id: string) {
    if (!isRowId(id)) return undefined;
    const [row] = await this.client.query<SourceRow>(
      `SELECT ${sourceColumns} FROM research_sources WHERE id = $1::bigint`,
      [id],
    );
    return row && toSource(row);
  }

  recordResearchFetch(sourceId: string, fetch: ResearchFetchRecord) {
    return this.updateSource(
      sourceId,
      `etag = $2, last_modified = $3, last_fetched_at = to_timestamp($4::float8 / 1000.0),
       consecutive_failures = 0`,
      [fetch.etag, fetch.lastModified, fetch.fetchedAtMs],
    );
  }

  recordResearchFailure(sourceId: string, failure: ResearchFetchFailure) {
    return this.updateSource(
      sourceId,
      `last_error = $2, last_error_at = to_timestamp($3::float8 / 1000.0),
       consecutive_failures = consecutive_failures + 1`,
      [failure.error, failure.failedAtMs],
    );
  }

  updateResearchSource(sourceId: string, changes: ResearchSourceChanges) {
    // Each field is set only when given: CASE keeps the stored value otherwise.
    return this.updateSource(
      sourceId,
      `name = CASE WHEN $2::boolean THEN $3 ELSE name END,
       credibility = CASE WHEN $4::boolean THEN $5::float8 ELSE credibility END,
       paused_at = CASE WHEN $6::boolean THEN to_timestamp($7::float8 / 1000.0) ELSE paused_at END`,
      [
        changes.name !== undefined,
        changes.name ?? null,
        changes.credibility !== undefined,
        changes.credibility ?? null,
        changes.pausedAtMs !== undefined,
        changes.pausedAtMs ?? null,
      ],
    );
  }

  async claimResearchRead(
    sourceId: string,
    attempt: { attemptAtMs: number; previousAttemptAtMs?: number | null },
  ) {
    const conditional = attempt.previousAttemptAtMs !== undefined;
    const [row] = isRowId(sourceId)
      ? await this.client.query<{ claimed: boolean }>(
          // The row is updated only when unclaimed since; its lock makes a second claimer wait and
          // then see the first one's time.
          `WITH source AS (SELECT id, last_attempt_at FROM research_sources WHERE id = $1::bigint),
           claimed AS (
             UPDATE research_sources r SET last_attempt_at = to_timestamp($2::float8 / 1000.0)
             FROM source WHERE r.id = source.id AND (NOT $3::boolean
               OR round(${epochMs("r.last_attempt_at")}) IS NOT DISTINCT FROM $4::float8)
             RETURNING r.id)
           SELECT EXISTS (SELECT 1 FROM claimed) AS claimed FROM source`,
          [sourceId, attempt.attemptAtMs, conditional, attempt.previousAttemptAtMs ?? null],
        )
      : [];
    if (!row) throw notFound(`no research source has id ${sourceId}`);
    return row.claimed;
  }

  private async updateSource(sourceId: string, assignments: string, values: unknown[]) {
    const [row] = isRowId(sourceId)
      ? await this.client.query<SourceRow>(
          `UPDATE research_sources SET ${assignments} WHERE id = $1::bigint RETURNING ${sourceColumns}`,
          [sourceId, ...values],
        )
      : [];
    if (!row) throw notFound(`no research source has id ${sourceId}`);
    return toSource(row);
  }

  async requestKnownResearchUrls(urls: readonly string[]) {
    if (urls.length === 0) return [];
    const rows = await this.client.query<{ url: string }>(
      `SELECT DISTINCT u.url FROM unnest($1::text[]) AS u(url)
       WHERE EXISTS (SELECT 1 FROM research_documents d WHERE d.url = u.url)
         OR EXISTS (SELECT 1 FROM research_documents d WHERE d.listed_url = u.url)`,
      [urls],
    );
    return rows.map((row) => row.url);
  }

  async saveResearchDocument(document: NewResearchDocument): Promise<SaveResearchDocumentOutcome> {
    if (!isRowId(document.sourceId)) {
      throw invalidInput(`sourceId must be a research source's id (was "${document.sourceId}")`);
    }
    if (document.chunks.length === 0) {
      throw invalidInput(`document ${document.url} has no chunks: nothing of it could be found`);
    }
    const embeddings = await this.embeddingLiterals(document);
    return this.client.transaction(async (tx) => {
      const [inserted] = await tx.query<{ id: string }>(
        `INSERT INTO research_documents (source_id, url, title, author, published_at, fetched_at,
           content_hash, text, symbols, mechanisms, listed_url)
         VALUES ($1::bigint, $2, $3, $4, to_timestamp($5::float8 / 1000.0),
           to_timestamp($6::float8 / 1000.0), $7, $8, $9::text[], $10::text[], $11)
         ON CONFLICT DO NOTHING RETURNING id::text AS id`,
        [
          document.sourceId,
          document.url,
          document.title,
          document.author,
          document.publishedAtMs,
          document.fetchedAtMs,
          document.contentHash,
          document.text,
          document.symbols,
          document.mechanisms,
          document.listedUrl ?? null,
        ],
      );
      if (!inserted) {
        const [stored] = await tx.query<{ id: string; same_url: boolean }>(
          `SELECT id::text AS id, url = $1 AS same_url FROM research_documents
           WHERE url = $1 OR content_hash = $2 ORDER BY url = $1 DESC LIMIT 1`,
          [document.url, document.contentHash],
        );
        return {
          status: "skipped",
          reason: stored!.same_url ? "duplicate_url" : "duplicate_content",
          documentId: stored!.id,
        };
      }
      const texts = document.chunks.map((chunk) => chunk.text);
      await tx.query(
        embeddings
          ? `INSERT INTO research_chunks (document_id, chunk_index, text, embedder, embedding)
             SELECT $1::bigint, n - 1, t, CASE WHEN v IS NULL THEN NULL ELSE $3 END, v::vector
             FROM unnest($2::text[], $4::text[]) WITH ORDINALITY AS u(t, v, n)`
          : `INSERT INTO research_chunks (document_id, chunk_index, text)
             SELECT $1::bigint, n - 1, t FROM unnest($2::text[]) WITH ORDINALITY AS u(t, n)`,
        embeddings ? [inserted.id, texts, document.embedder, embeddings] : [inserted.id, texts],
      );
      return { status: "stored", documentId: inserted.id, chunks: texts.length };
    });
  }

  async requestResearchDocument(id: string): Promise<ResearchDocument | undefined> {
    if (!isRowId(id)) return undefined;
    const [row] = await this.client.query<{
      id: string;
      source_id: string;
      url: string;
      title: string;
      author: string | null;
      published: number | null;
      fetched: number;
      content_hash: string;
      text: string;
      symbols: string[];
      mechanisms: string[];
    }>(
      `SELECT id::text AS id, source_id::text AS source_id, url, title, author,
         ${epochMs("published_at")} AS published, ${epochMs("fetched_at")} AS fetched,
         content_hash, text, symbols, mechanisms
       FROM research_documents WHERE id = $1::bigint`,
      [id],
    );
    if (!row) return undefined;
    const chunks = await this.client.query<{ id: string; index: number; text: string }>(
      `SELECT id::text AS id, chunk_index AS index, text FROM research_chunks
       WHERE document_id = $1::bigint ORDER BY chunk_index`,
      [id],
    );
    return {
      id: row.id,
      sourceId: row.source_id,
      url: row.url,
      title: row.title,
      author: row.author,
      publishedAtMs: row.published === null ? null : Math.round(row.published),
      fetchedAtMs: Math.round(row.fetched),
      contentHash: row.content_hash,
      text: row.text,
      symbols: row.symbols,
      mechanisms: row.mechanisms,
      chunks,
    };
  }

  linkResearch(links: readonly ResearchLink[]) {
    return insertLinks(this.client, links);
  }

  async listStrategiesToRelink(limit: number) {
    const rows = await this.client.query<{ id: string }>(
      `SELECT s.id FROM strategies s
       WHERE NOT EXISTS (SELECT 1 FROM research_relinked_strategies r WHERE r.strategy_id = s.id)
       ORDER BY s.created_at DESC, s.seq DESC LIMIT $1::int`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  async requestResearchLinkCandidates(
    query: ResearchLinkCandidateQuery,
  ): Promise<ResearchLinkCandidate[]> {
    if (query.afterDocumentId !== null && !isRowId(query.afterDocumentId)) {
      throw invalidInput(`afterDocumentId "${query.afterDocumentId}" is not a document's id`);
    }
    // strpos finds a symbol anywhere (the caller's reader then wants it as a whole ticker).
    return this.client.query<ResearchLinkCandidate>(
      `SELECT d.id::text AS "documentId", d.title, d.text FROM research_documents d
       WHERE d.id > coalesce($3::bigint, 0)
         AND (d.mechanisms && $2::text[] OR EXISTS (SELECT 1 FROM unnest($1::text[]) AS s(symbol)
           WHERE strpos(d.text, s.symbol) > 0 OR strpos(d.title, s.symbol) > 0))
       ORDER BY d.id LIMIT $4::int`,
      [query.symbols, query.mechanisms, query.afterDocumentId, query.limit],
    );
  }

  saveStrategyRelink(strategyId: string, links: readonly ResearchLink[]) {
    const foreign = links.find((link) => link.strategyId !== strategyId);
    if (foreign) {
      throw invalidInput(
        `a relink of strategy ${strategyId} cannot link strategy ${foreign.strategyId}`,
      );
    }
    return this.client.transaction(async (tx) => {
      const result = await insertLinks(tx, links);
      await tx.query(
        `INSERT INTO research_relinked_strategies (strategy_id, links) VALUES ($1, $2)
         ON CONFLICT (strategy_id) DO UPDATE
           SET links = research_relinked_strategies.links + excluded.links, relinked_at = now()`,
        [strategyId, result.linked],
      );
      return result;
    });
  }

  async listStoredResearch(query: StoredResearchQuery) {
    const rows = await this.client.query<{
      id: string;
      title: string;
      url: string;
      excerpt: string;
      published: number | null;
      fetched: number;
      symbols: string[];
      mechanisms: string[];
      source_id: string;
      source_name: string;
      credibility: number;
      links: StoredResearchItem["links"];
      total: string;
    }>(
      `SELECT d.id::text AS id, d.title, d.url, left(d.text, ${excerptChars}) AS excerpt,
         ${epochMs("d.published_at")} AS published, ${epochMs("d.fetched_at")} AS fetched,
         d.symbols, d.mechanisms, s.id::text AS source_id, s.name AS source_name, s.credibility,
         coalesce((SELECT json_agg(json_build_object('strategyId', l.strategy_id,
             'strategyName', st.name, 'reason', l.reason) ORDER BY st.name, l.strategy_id)
           FROM research_strategy_links l JOIN strategies st ON st.id = l.strategy_id
           WHERE l.document_id = d.id), '[]'::json) AS links,
         count(*) OVER ()::text AS total
       FROM research_documents d JOIN research_sources s ON s.id = d.source_id
       WHERE d.fetched_at >= to_timestamp($1::float8 / 1000.0)
         AND d.fetched_at < to_timestamp($2::float8 / 1000.0)
         AND (d.symbols && $3::text[]
           OR EXISTS (SELECT 1 FROM research_strategy_links l WHERE l.document_id = d.id))
       ORDER BY s.credibility DESC, coalesce(d.published_at, d.fetched_at) DESC, d.id
       LIMIT $4::int`,
      [query.sinceMs, query.untilMs, query.symbols, query.limit],
    );
    const items = rows.map((row): StoredResearchItem => ({
      documentId: row.id,
      title: row.title,
      url: row.url,
      excerpt: row.excerpt,
      publishedAtMs: row.published === null ? null : Math.round(row.published),
      fetchedAtMs: Math.round(row.fetched),
      symbols: row.symbols,
      mechanisms: row.mechanisms,
      source: { id: row.source_id, name: row.source_name, credibility: row.credibility },
      links: row.links,
    }));
    return { items, total: rows.length === 0 ? 0 : Number(rows[0]!.total) };
  }

  async searchResearch(query: ResearchQuery): Promise<ResearchSearchResult> {
    const dimensions = await this.vectorDimensions();
    if (dimensions !== null && query.vector) {
      const { values, embedder } = query.vector;
      const vector = { literal: vectorLiteral(values, dimensions, embedder), embedder };
      return { mode: "hybrid", hits: await this.rankedHits(query, vector) };
    }
    const reason =
      dimensions === null
        ? "this database has no pgvector extension: research search matches words, not meaning"
        : "no query embedding was given: research search matched words only";
    return { mode: "full_text", reason, hits: await this.rankedHits(query) };
  }

  private async rankedHits(query: ResearchQuery, vector?: { literal: string; embedder: string }) {
    // Each ranking takes a few times the wanted number, so fusion can promote what one missed.
    const candidates = Math.min(1000, Math.max(40, query.limit * 5));
    const sql = hybridSearchSql(vector !== undefined);
    const parameters = [
      lexicalQuery(query.text),
      query.limit,
      query.sinceMs ?? null,
      query.strategyId ?? null,
      candidates,
      ...(vector ? [vector.literal, vector.embedder] : []),
    ];
    const rows = vector
      ? await this.client.transaction(async (tx) => {
          await tuneVectorScan(tx, candidates);
          return tx.query<SearchRow>(sql, parameters);
        })
      : await this.client.query<SearchRow>(sql, parameters);
    return rows.map((row) => toHit(row, query.text));
  }

  /** The chunks' embeddings as pgvector literals, or undefined where there is no vector column. */
  private async embeddingLiterals(document: NewResearchDocument) {
    const dimensions = await this.vectorDimensions();
    if (dimensions === null) return undefined;
    const embedder = document.embedder;
    if (document.chunks.some((chunk) => chunk.embedding) && !embedder) {
      throw invalidInput("a document with embeddings must name the embedder that made them");
    }
    return document.chunks.map((chunk) =>
      chunk.embedding ? vectorLiteral(chunk.embedding, dimensions, embedder!) : null,
    );
  }

  /** The embedding column's size, or null where the migration found no pgvector. */
  private vectorDimensions(): Promise<number | null> {
    this.vectorColumn ??= this.client
      .query<{ dimensions: number }>(
        `SELECT atttypmod AS dimensions FROM pg_attribute
         WHERE attrelid = 'research_chunks'::regclass AND attname = 'embedding' AND NOT attisdropped`,
      )
      .then(([row]) => row?.dimensions ?? null)
      .catch((error: unknown) => {
        this.vectorColumn = undefined;
        throw error;
      });
    return this.vectorColumn;
  }
}

/** Inserts links; one already there is kept (not counted). */
async function insertLinks(client: SqlClient, links: readonly ResearchLink[]) {
  const unknown = links.find((link) => !isRowId(link.documentId));
  if (unknown) throw invalidInput(`documentId "${unknown.documentId}" is not a document's id`);
  const rows = await client.query(
    `INSERT INTO research_strategy_links (strategy_id, document_id, reason)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
     ON CONFLICT DO NOTHING RETURNING 1`,
    [
      links.map((link) => link.strategyId),
      links.map((link) => link.documentId),
      links.map((link) => link.reason),
    ],
  );
  return { linked: rows.length };
}

/**
 * HNSW returns `hnsw.ef_search` neighbours (40 by default) before the filters apply: enough
 * candidates are asked for, and pgvector 0.8+ keeps scanning until the filters leave them
 * (iterative scan). Settings that this pgvector lacks are left alone; the library is loaded
 * first so its settings are listed.
 */
async function tuneVectorScan(tx: SqlClient, candidates: number): Promise<void> {
  await tx.query("SELECT '[0]'::vector");
  await tx.query(
    `SELECT set_config(name, CASE name WHEN 'hnsw.ef_search' THEN $1 ELSE 'relaxed_order' END, true)
     FROM pg_settings WHERE name IN ('hnsw.ef_search', 'hnsw.iterative_scan')`,
    [String(candidates)],
  );
}
