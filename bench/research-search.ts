import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { financeQueries } from "../test/support/finance-corpus.ts";
import { retrievalQuality, type RetrievalQuality } from "../test/support/retrieval-metrics.ts";
import { PgliteClient } from "../tools/adapters/pglite/client.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import { migrate } from "../tools/adapters/sql/migrate.ts";
import { lexicalQuery } from "../tools/adapters/sql/research-search-sql.ts";
import { SqlStore } from "../tools/adapters/sql/store.ts";
import {
  addFeedSource,
  embedder,
  hasVectors,
  labelledDocumentIds,
  loadSyntheticChunks,
  storeLabelledDocuments,
} from "./research-corpus.ts";

/** Documents per query, as search_research's default `k`. */
const limit = 10;

export type SearchMode = "full_text" | "hybrid" | "vector_knn";

/** A database holding the labelled documents among `syntheticChunks` synthetic ones. */
export interface SearchCorpus {
  client: SqlClient;
  store: SqlStore;
  /** Corpus id by document id, for the labelled documents. */
  labelled: Map<string, string>;
  chunks: number;
  vectors: boolean;
}

const queryVectors = embedder.embed(financeQueries.map((query) => query.text));

/** Fills a migrated database: the labelled documents, then the synthetic chunks. */
export async function loadSearchCorpus(
  client: SqlClient,
  syntheticChunks: number,
  progress: (message: string) => void,
): Promise<SearchCorpus> {
  const store = new SqlStore(client);
  const sourceId = await addFeedSource(
    store,
    "https://corpus.example/feed.xml",
    "Benchmark corpus",
  );
  const labelled = await storeLabelledDocuments(store, sourceId);
  if (syntheticChunks > 0) {
    await loadSyntheticChunks(client, {
      sourceId,
      chunks: syntheticChunks,
      seed: 20_260_101,
      progress,
    });
  }
  return describeCorpus(client, store, labelled);
}

async function describeCorpus(
  client: SqlClient,
  store: SqlStore,
  labelled: Map<string, string>,
): Promise<SearchCorpus> {
  const [counted] = await client.query<{ chunks: number }>(
    "SELECT count(*)::int AS chunks FROM research_chunks",
  );
  return { client, store, labelled, chunks: counted!.chunks, vectors: await hasVectors(client) };
}

/**
 * The 100,000-chunk PGlite database, in a data directory kept between runs: building its HNSW
 * index takes PGlite (one WebAssembly thread) many minutes, so it is built once per machine and
 * reopened (and migrated forward) after. A directory whose migrations no longer match is rebuilt.
 */
export async function cachedPgliteCorpus(
  directory: string,
  syntheticChunks: number,
  progress: (message: string) => void,
): Promise<SearchCorpus> {
  if (existsSync(directory)) {
    const client = await PgliteClient.open(directory);
    try {
      await migrate(client);
      return await describeCorpus(client, new SqlStore(client), await labelledDocumentIds(client));
    } catch (error) {
      await client.close();
      progress(`rebuilding ${directory}: ${(error as Error).message}`);
      await rm(directory, { recursive: true, force: true });
    }
  }
  const building = `${directory}.partial`;
  await rm(building, { recursive: true, force: true });
  await mkdir(dirname(building), { recursive: true });
  const started = performance.now();
  const client = await PgliteClient.open(building);
  await migrate(client);
  await loadSearchCorpus(client, syntheticChunks, progress);
  await client.close();
  progress(`built in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  await rename(building, directory);
  return cachedPgliteCorpus(directory, syntheticChunks, progress);
}

/** One search of the labelled query `index` in `mode`. */
async function search(corpus: SearchCorpus, mode: SearchMode, index: number): Promise<string[]> {
  const values = (await queryVectors)[index]!;
  if (mode === "vector_knn") {
    // The HNSW ranking alone, as hybrid search asks it for candidates (ef_search 50).
    const rows = await corpus.client.transaction(async (tx) => {
      await tx.query("SELECT set_config('hnsw.ef_search', '50', true)");
      return tx.query<{ id: string }>(
        `SELECT document_id::text AS id FROM research_chunks WHERE embedder = $2
         ORDER BY embedding <=> $1::vector LIMIT 50`,
        [`[${values.join(",")}]`, embedder.name],
      );
    });
    return [...new Set(rows.map((row) => row.id))].slice(0, limit);
  }
  const found = await corpus.store.searchResearch({
    text: financeQueries[index]!.text,
    limit,
    ...(mode === "hybrid" ? { vector: { embedder: embedder.name, values } } : {}),
  });
  return found.hits.map((hit) => hit.documentId);
}

/**
 * Times every labelled question in each mode, `rounds` times, interleaved (each question runs in
 * every mode before the next, the modes' order rotating), after one untimed warm-up round.
 */
export async function searchLatencies(
  corpus: SearchCorpus,
  modes: readonly SearchMode[],
  rounds: number,
): Promise<Record<SearchMode, number[]>> {
  const samples = Object.fromEntries(modes.map((mode) => [mode, [] as number[]])) as Record<
    SearchMode,
    number[]
  >;
  for (let round = -1; round < rounds; round++) {
    for (let index = 0; index < financeQueries.length; index++) {
      for (let k = 0; k < modes.length; k++) {
        const mode = modes[(k + index + Math.max(round, 0)) % modes.length]!;
        const started = performance.now();
        await search(corpus, mode, index);
        if (round >= 0) samples[mode].push(performance.now() - started);
      }
    }
  }
  return samples;
}

/** recall@5 and MRR@10 of a mode over the labelled questions. */
export async function searchQuality(
  corpus: SearchCorpus,
  mode: SearchMode,
): Promise<RetrievalQuality> {
  const rankings: string[][] = [];
  for (let index = 0; index < financeQueries.length; index++) {
    const ids = await search(corpus, mode, index);
    rankings.push(ids.map((id) => corpus.labelled.get(id) ?? `synthetic ${id}`));
  }
  return retrievalQuality(financeQueries, rankings);
}

/** The mean share of the chunks a labelled question's words match (plain words are or-ed). */
export async function meanMatchShare(corpus: SearchCorpus): Promise<number> {
  let share = 0;
  for (const query of financeQueries) {
    const [row] = await corpus.client.query<{ matches: number }>(
      `SELECT count(*)::int AS matches FROM research_chunks c, websearch_to_tsquery('english', $1) q
       WHERE c.tsv @@ q`,
      [lexicalQuery(query.text)],
    );
    share += row!.matches / corpus.chunks;
  }
  return share / financeQueries.length;
}

/** The `fraction` quantile by nearest rank. */
export function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
}
