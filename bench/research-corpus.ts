import { mulberry32 } from "../engine/random.ts";
import { LocalEmbedder } from "../research/embed/local-embedder.ts";
import { contentHash } from "../research/fetch/normalize.ts";
import { type CorpusDocument, financeDocuments } from "../test/support/finance-corpus.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import type { Store } from "../tools/ports/store.ts";

// The research benchmark's corpora: the labelled finance set stored as ingest stores it, and
// synthetic text in its words, bulk-loaded, for search at 100,000 chunks.

export const embedder = new LocalEmbedder();
const labelledPrefix = "https://corpus.example/labelled/";
const wordsPerSentence = 30;
const sentencesPerTopic = 70;
const chunksPerDocument = 4;
const rowsPerInsert = 5_000;

const tokensOf = (document: CorpusDocument) => `${document.title}. ${document.text}`.split(/\s+/);

/**
 * Seeded text in the labelled documents' words, by topic: each topic is one labelled document,
 * whose sentences follow its own word pairs (a bigram chain), jumping to the whole corpus's one
 * word in five. Synthetic documents therefore cluster by topic, as news does, in words and in
 * embeddings alike, and each looks like the labelled document of its topic.
 */
export class CorpusVocabulary {
  private readonly random: () => number;
  private readonly everywhere: Map<string, string[]>;
  private readonly topics: { tokens: string[]; next: Map<string, string[]> }[];

  constructor(seed: number) {
    this.random = mulberry32(seed);
    const successors = (tokens: readonly string[]) => {
      const next = new Map<string, string[]>();
      tokens.slice(1).forEach((token, i) => {
        const list = next.get(tokens[i]!) ?? [];
        list.push(token);
        next.set(tokens[i]!, list);
      });
      return next;
    };
    this.everywhere = successors(financeDocuments.flatMap(tokensOf));
    this.topics = financeDocuments.map((document) => {
      const tokens = tokensOf(document);
      return { tokens, next: successors(tokens) };
    });
  }

  get topicCount(): number {
    return this.topics.length;
  }

  /** A seeded whole number in [0, count). */
  below(count: number): number {
    return Math.floor(this.random() * count);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  sentence(topic: number, words = wordsPerSentence): string {
    const { tokens, next } = this.topics[topic]!;
    let word = this.pick(tokens);
    const out = [word];
    while (out.length < words) {
      const local = next.get(word);
      const jump = this.random() < 0.2 || !local;
      word = this.pick((jump ? this.everywhere.get(word) : local) ?? tokens);
      out.push(word);
    }
    return out.join(" ");
  }

  /** An article of `paragraphs` paragraphs (blank lines between), for the ingestion corpus. */
  article(topic: number, paragraphs: number): string {
    return Array.from({ length: paragraphs }, () =>
      Array.from({ length: 3 }, () => `${this.sentence(topic)}.`).join(" "),
    ).join("\n\n");
  }
}

/** Adds a plain feed source (no schedule, credibility 0.5) and answers its id. */
export async function addFeedSource(store: Store, url: string, name: string): Promise<string> {
  const added = await store.addResearchSource({
    url,
    kind: "rss",
    name,
    credibility: 0.5,
    category: null,
    schedule: null,
  });
  return added.source.id;
}

/** Stores the labelled documents (one chunk each, embedded) as ingest does; answers corpus id by document id. */
export async function storeLabelledDocuments(
  store: Store,
  sourceId: string,
): Promise<Map<string, string>> {
  const texts = financeDocuments.map((document) => `${document.title}\n${document.text}`);
  const vectors = await embedder.embed(texts);
  const ids = new Map<string, string>();
  for (const [i, document] of financeDocuments.entries()) {
    const text = texts[i]!;
    const saved = await store.saveResearchDocument({
      sourceId,
      url: `${labelledPrefix}${document.id}`,
      title: document.title,
      author: null,
      publishedAtMs: null,
      fetchedAtMs: Date.UTC(2025, 0, 1),
      text,
      contentHash: contentHash(text),
      symbols: [],
      mechanisms: [],
      chunks: [{ text, embedding: vectors[i]! }],
      embedder: embedder.name,
    });
    ids.set(saved.documentId, document.id);
  }
  return ids;
}

/** The labelled documents of a loaded database: corpus id by document id. */
export async function labelledDocumentIds(client: SqlClient): Promise<Map<string, string>> {
  const rows = await client.query<{ id: string; url: string }>(
    "SELECT id::text AS id, url FROM research_documents WHERE starts_with(url, $1)",
    [labelledPrefix],
  );
  return new Map(rows.map((row) => [row.id, row.url.slice(labelledPrefix.length)]));
}

/** Whether this database has pgvector's embedding column (migrations/0019_research.sql). */
export async function hasVectors(client: SqlClient): Promise<boolean> {
  const rows = await client.query(
    "SELECT 1 FROM pg_attribute WHERE attrelid = 'research_chunks'::regclass AND attname = 'embedding' AND NOT attisdropped",
  );
  return rows.length > 0;
}

/**
 * Adds `chunks` synthetic chunks (4 per document) of source `sourceId`, fast: a pool of seeded
 * sentences (70 per topic) is embedded once and sent once; each chunk is 4 sentences of one topic
 * joined in SQL, its embedding the normalized sum of theirs (`l2_normalize`, pgvector 0.7+), so
 * only small integer arrays cross to the database. The full-text and HNSW indexes are dropped
 * while loading and built once at the end, as migrations/0019_research.sql defines them.
 */
export async function loadSyntheticChunks(
  client: SqlClient,
  options: { sourceId: string; chunks: number; seed: number; progress(message: string): void },
): Promise<void> {
  const vocabulary = new CorpusVocabulary(options.seed);
  const vectors = await hasVectors(client);
  const pool = Array.from({ length: vocabulary.topicCount * sentencesPerTopic }, (_, i) =>
    vocabulary.sentence(Math.floor(i / sentencesPerTopic)),
  );
  await client.exec(
    `DROP INDEX research_chunks_tsv_idx;
     ${vectors ? "DROP INDEX research_chunks_embedding_idx;" : ""}
     CREATE TEMP TABLE bench_pool (id int PRIMARY KEY, text text NOT NULL${vectors ? ", v vector(384) NOT NULL" : ""})`,
  );
  const poolVectors = vectors ? await embedder.embed(pool) : [];
  await client.query(
    vectors
      ? "INSERT INTO bench_pool SELECT n - 1, t, v::vector FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(t, v, n)"
      : "INSERT INTO bench_pool SELECT n - 1, t FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n)",
    vectors ? [pool, poolVectors.map((vector) => `[${vector.join(",")}]`)] : [pool],
  );
  const documents = Math.ceil(options.chunks / chunksPerDocument);
  const perInsert = rowsPerInsert / chunksPerDocument;
  for (let first = 0; first < documents; first += perInsert) {
    const numbers = Array.from(
      { length: Math.min(perInsert, documents - first) },
      (_, i) => first + i,
    );
    const topics = numbers.map(() => vocabulary.below(vocabulary.topicCount));
    const stored = await client.query<{ id: string; url: string }>(
      `INSERT INTO research_documents (source_id, url, title, published_at, fetched_at, content_hash, text)
       SELECT $1::bigint, 'https://synthetic.example/doc/' || n, t,
         timestamptz '2025-01-01' + make_interval(mins => n), now(), md5(n::text) || md5('#' || n), t
       FROM unnest($2::int[], $3::text[]) AS u(n, t) RETURNING id::text AS id, url`,
      [options.sourceId, numbers, topics.map((topic) => vocabulary.sentence(topic, 8))],
    );
    const idOf = new Map(stored.map((row) => [row.url, row.id]));
    const chunk = {
      document: [] as string[],
      index: [] as number[],
      sentences: [[], [], [], []] as number[][],
    };
    numbers.forEach((n, i) => {
      for (let index = 0; index < chunksPerDocument; index++) {
        chunk.document.push(idOf.get(`https://synthetic.example/doc/${n}`)!);
        chunk.index.push(index);
        for (const sentences of chunk.sentences) {
          sentences.push(topics[i]! * sentencesPerTopic + vocabulary.below(sentencesPerTopic));
        }
      }
    });
    await client.query(
      `INSERT INTO research_chunks (document_id, chunk_index, text${vectors ? ", embedder, embedding" : ""})
       SELECT u.d, u.i, concat_ws(' ', p1.text, p2.text, p3.text, p4.text)${vectors ? ", $7, l2_normalize(p1.v + p2.v + p3.v + p4.v)" : ""}
       FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[]) AS u(d, i, a, b, c, e)
         JOIN bench_pool p1 ON p1.id = u.a JOIN bench_pool p2 ON p2.id = u.b
         JOIN bench_pool p3 ON p3.id = u.c JOIN bench_pool p4 ON p4.id = u.e`,
      [chunk.document, chunk.index, ...chunk.sentences, ...(vectors ? [embedder.name] : [])],
    );
    options.progress(
      `${Math.min(options.chunks, (first + numbers.length) * chunksPerDocument)} synthetic chunks stored`,
    );
  }
  options.progress("building the full-text index");
  await client.exec("CREATE INDEX research_chunks_tsv_idx ON research_chunks USING gin (tsv)");
  if (vectors) {
    options.progress("building the HNSW index (the long part: minutes on PGlite)");
    // Room for the whole graph in memory, where pgvector builds it fastest.
    await client.exec("SET maintenance_work_mem = '1GB'");
    await client.exec(
      "CREATE INDEX research_chunks_embedding_idx ON research_chunks USING hnsw (embedding vector_cosine_ops)",
    );
  }
  await client.exec("DROP TABLE bench_pool; ANALYZE");
}
