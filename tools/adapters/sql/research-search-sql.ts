import type { ResearchHit } from "../../ports/research.ts";
import { epochMs } from "./epoch-ms.ts";

/** Reciprocal rank fusion's constant, 1 / (60 + rank): Cormack, Clarke and Büttcher, SIGIR 2009. */
const rrfK = 60;

/**
 * The text handed to `websearch_to_tsquery`. Plain words are joined by `or`: the query matches
 * chunks with any of them, `ts_rank_cd` puts those with more of them first, and the re-ranking
 * in `textRanking` those with them closer together.
 * Requiring every word (the function's default) rarely matched a question in natural words:
 * full-text recall@5 0.35 against 0.93 on the labelled set in research/README.md. Quotes, `or`
 * or `-word` keep their web-search meaning.
 */
export function lexicalQuery(text: string): string {
  const usesOperators = /"|(?:^|\s)-\S|(?:^|\s)or(?:\s|$)/i.test(text);
  return usesOperators ? text : text.trim().split(/\s+/).join(" or ");
}

// Parameters: $1 query text (lexicalQuery), $2 documents wanted, $3 since (epoch ms or NULL),
// $4 strategy id (or NULL), $5 candidates per ranking; with vectors, $6 the query vector and
// $7 its embedder.
const filters = `($3::float8 IS NULL
    OR coalesce(d.published_at, d.fetched_at) >= to_timestamp($3::float8 / 1000.0))
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM research_strategy_links l
    WHERE l.document_id = d.id AND l.strategy_id = $4))`;

// The inner ORDER BY distance LIMIT is what the HNSW index serves (cosine: vector_cosine_ops).
const vectorRanking = `vector_ranked AS (
  SELECT id, row_number() OVER (ORDER BY distance, id) AS rank FROM (
    SELECT c.id, c.embedding <=> $6::vector AS distance
    FROM research_chunks c JOIN research_documents d ON d.id = c.document_id
    WHERE c.embedder = $7 AND c.embedding IS NOT NULL AND ${filters}
    ORDER BY c.embedding <=> $6::vector LIMIT $5
  ) nearest
),`;

// The or-ed query scores each word as a cover of its own, so nearness earns nothing; the
// candidates it picks are re-ranked adding the cover density of all their words together
// (plainto_tsquery drops the "or"s as stop words), which rewards the words close together.
const textRanking = `text_ranked AS (
  SELECT id, row_number() OVER (
    ORDER BY relevance + ts_rank_cd(tsv, plainto_tsquery('english', $1)) DESC, id
  ) AS rank FROM (
    SELECT c.id, c.tsv, ts_rank_cd(c.tsv, query) AS relevance
    FROM research_chunks c JOIN research_documents d ON d.id = c.document_id,
      websearch_to_tsquery('english', $1) AS query
    WHERE c.tsv @@ query AND ${filters}
    ORDER BY relevance DESC, c.id LIMIT $5
  ) matched
),`;

/**
 * One statement: the chunks nearest the query vector (when `withVector`) and the chunks best
 * matching its words (`websearch_to_tsquery`, ranked by `ts_rank_cd`), each ranking cut to $5,
 * fused by reciprocal rank, then each document's best chunk, best documents first.
 */
export function hybridSearchSql(withVector: boolean): string {
  const rankings = withVector ? ["vector_ranked", "text_ranked"] : ["text_ranked"];
  return `WITH ${withVector ? vectorRanking : ""}
${textRanking}
fused AS (
  SELECT id, sum(1.0 / (${rrfK} + rank))::float8 AS score
  FROM (${rankings.map((ranking) => `SELECT id, rank FROM ${ranking}`).join(" UNION ALL ")}) ranks
  GROUP BY id
),
best_chunks AS (
  SELECT DISTINCT ON (c.document_id) c.document_id, c.id, c.text, f.score
  FROM fused f JOIN research_chunks c ON c.id = f.id
  ORDER BY c.document_id, f.score DESC, c.chunk_index
)
SELECT b.document_id::text AS document_id, b.id::text AS chunk_id, d.title, d.url,
  b.text AS chunk_text, b.score, s.id::text AS source_id, s.name AS source_name, s.credibility,
  ${epochMs("d.published_at")} AS published
FROM best_chunks b
  JOIN research_documents d ON d.id = b.document_id
  JOIN research_sources s ON s.id = d.source_id
ORDER BY b.score DESC, b.document_id
LIMIT $2`;
}

export interface SearchRow {
  document_id: string;
  chunk_id: string;
  title: string;
  url: string;
  chunk_text: string;
  score: number;
  source_id: string;
  source_name: string;
  credibility: number;
  published: number | null;
}

export const toHit = (row: SearchRow, query: string): ResearchHit => ({
  documentId: row.document_id,
  chunkId: row.chunk_id,
  title: row.title,
  url: row.url,
  snippet: snippetOf(row.chunk_text, query),
  score: row.score,
  source: { id: row.source_id, name: row.source_name, credibility: row.credibility },
  publishedAtMs: row.published === null ? null : Math.round(row.published),
});

const snippetChars = 320;

/**
 * A verbatim excerpt of a chunk: from the start of the sentence holding the first query word
 * found, at most `snippetChars`, cut at a space. (`ts_headline` was not verbatim: it drops
 * anything that parses as an HTML tag.)
 */
export function snippetOf(text: string, query: string): string {
  if (text.length <= snippetChars) return text;
  const found = queryWordPattern(query)?.exec(text);
  const start = found ? sentenceStart(text, found.index) : 0;
  const window = text.slice(start, start + snippetChars);
  return (start + snippetChars < text.length ? window.replace(/\s+\S*$/, "") : window).trim();
}

/** The query's words of four letters or more, matched at word starts by a stem-like prefix. */
function queryWordPattern(query: string): RegExp | undefined {
  const prefixes = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 4)
    .map((word) => word.slice(0, Math.max(4, word.length - 3)));
  return prefixes.length === 0
    ? undefined
    : new RegExp(`(?<![\\p{L}\\p{N}])(?:${prefixes.join("|")})`, "iu");
}

/** Where the sentence holding `index` starts, looking back at most 160 characters. */
function sentenceStart(text: string, index: number): number {
  const from = Math.max(0, index - 160);
  const ends = [...text.slice(from, index).matchAll(/[.!?]["')\]]*\s+|\n+/g)];
  const last = ends.at(-1);
  if (last) return from + last.index + last[0].length;
  return from === 0 ? 0 : text.indexOf(" ", from) + 1;
}
