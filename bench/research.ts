import { join } from "node:path";
import { rankByCosine } from "../research/embed/cosine-ranking.ts";
import { FakeResearchSite } from "../test/fakes/research-server.ts";
import { financeDocuments, financeQueries } from "../test/support/finance-corpus.ts";
import { createTestClient } from "../test/support/pglite.ts";
import {
  createScratchDatabase,
  serverReachable,
  serverUrl,
} from "../test/support/postgres-server.ts";
import { retrievalQuality, type RetrievalQuality } from "../test/support/retrieval-metrics.ts";
import { PostgresClient } from "../tools/adapters/postgres/client.ts";
import { migrate } from "../tools/adapters/sql/migrate.ts";
import { median } from "./report.ts";
import { embedder } from "./research-corpus.ts";
import {
  type IngestSample,
  ingestCorpora,
  ingestThroughTool,
  storeDirectly,
} from "./research-ingest.ts";
import {
  cachedPgliteCorpus,
  loadSearchCorpus,
  meanMatchShare,
  percentile,
  type SearchCorpus,
  searchLatencies,
  type SearchMode,
  searchQuality,
} from "./research-search.ts";

// `npm run bench:research`: the research issue's figures. Ingestion throughput through the real
// ingest path against the fake research site; search latency p50/p95 over 100,000 chunks on
// PGlite and on the machine's PostgreSQL; retrieval quality on the labelled questions. Every
// latency beside a peer measured in the same run.

/** 100,000 by default; smaller for a quick look (`BENCH_RESEARCH_CHUNKS=2000`). */
const syntheticChunks = Number(process.env.BENCH_RESEARCH_CHUNKS ?? 100_000);
const ingestRounds = 3;
const searchRounds = Number(process.env.BENCH_ROUNDS ?? 5);
const cacheDirectory =
  process.env.ALPHADESK_BENCH_CACHE ?? join("node_modules", ".cache", "alphadesk-bench");
const progress = (message: string) => process.stderr.write(`  ... ${message}\n`);
const ratio = (a: number, b: number) => `${(a / b).toPrecision(2)}x`;
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const quality = (name: string, measured: RetrievalQuality) =>
  console.log(
    `  ${name.padEnd(58)} recall@5 ${measured.recallAt5.toFixed(3)}  MRR@10 ${measured.mrrAt10.toFixed(3)}`,
  );

async function ingestion(): Promise<void> {
  console.log(
    `\nIngestion on PGlite (in memory), local embedder, median of ${ingestRounds} rounds, interleaved`,
  );
  for (const corpus of ingestCorpora()) {
    const site = await new FakeResearchSite({ corpus: corpus.articles }).start();
    try {
      const tool: IngestSample[] = [];
      const direct: IngestSample[] = [];
      for (let round = 0; round < ingestRounds; round++) {
        const order = round % 2 === 0 ? ["tool", "direct"] : ["direct", "tool"];
        for (const which of order) {
          if (which === "tool") tool.push(await ingestThroughTool(site));
          else direct.push(await storeDirectly(corpus.articles));
        }
      }
      const line = (name: string, samples: IngestSample[]) => {
        const { documents, chunks } = samples[0]!;
        const seconds = median(samples.map((sample) => sample.ms)) / 1000;
        console.log(
          `  ${name.padEnd(58)} ${documents} documents, ${chunks} chunks in ${seconds.toFixed(2)} s: ${(documents / seconds).toFixed(1)} documents/s, ${(chunks / seconds).toFixed(1)} chunks/s`,
        );
        return seconds;
      };
      console.log(`  ${corpus.name}`);
      const toolSeconds = line("ingest_research from the fake site over HTTP", tool);
      const directSeconds = line("peer: the same texts through the store path alone", direct);
      console.log(
        `  ${"".padEnd(58)} ingest / store path alone: ${ratio(toolSeconds, directSeconds)}`,
      );
    } finally {
      await site.close();
    }
  }
}

async function labelledQuality(): Promise<void> {
  console.log(
    `\nRetrieval quality on the labelled set (${financeQueries.length} questions, ${financeDocuments.length} documents)`,
  );
  const vectors = await embedder.embed(
    financeDocuments.map((document) => `${document.title}\n${document.text}`),
  );
  const documents = financeDocuments.map(({ id }, i) => ({ id, vector: vectors[i]! }));
  const queries = await embedder.embed(financeQueries.map((query) => query.text));
  quality(
    "local embedder alone (exact cosine, no database)",
    retrievalQuality(
      financeQueries,
      queries.map((query) => rankByCosine(query, documents)),
    ),
  );
  const client = await createTestClient();
  try {
    const corpus = await loadSearchCorpus(client, 0, progress);
    quality("full text (PGlite)", await searchQuality(corpus, "full_text"));
    quality("hybrid: embedder + full text, RRF (PGlite)", await searchQuality(corpus, "hybrid"));
  } finally {
    await client.close();
  }
}

type Latencies = Partial<Record<SearchMode, number[]>>;

const modeNames: Record<SearchMode, string> = {
  full_text: "full text",
  hybrid: "hybrid (vector + full text, RRF)",
  vector_knn: "vector k-NN alone (HNSW, 50 nearest)",
};

function latencyLine(
  database: string,
  mode: SearchMode,
  samples: number[],
  peer?: [string, number[]],
) {
  const p50 = percentile(samples, 0.5);
  const p95 = percentile(samples, 0.95);
  const against = peer
    ? `   vs ${peer[0]}: p50 ${ratio(p50, percentile(peer[1], 0.5))}, p95 ${ratio(p95, percentile(peer[1], 0.95))}`
    : "";
  console.log(
    `  ${`${database} ${modeNames[mode]}`.padEnd(58)} p50 ${ms(p50).padStart(6)} ms  p95 ${ms(p95).padStart(6)} ms${against}`,
  );
}

async function measureCorpus(name: string, corpus: SearchCorpus): Promise<Latencies> {
  const modes: SearchMode[] = corpus.vectors
    ? ["full_text", "hybrid", "vector_knn"]
    : ["full_text"];
  const share = await meanMatchShare(corpus);
  console.log(
    `  ${name}: ${corpus.chunks.toLocaleString("en")} chunks; a question's words match ${(share * 100).toFixed(0)}% of them on average, each ranked by ts_rank_cd`,
  );
  const latencies = await searchLatencies(corpus, modes, searchRounds);
  latencyLine(name, "full_text", latencies.full_text);
  if (corpus.vectors) {
    latencyLine(name, "hybrid", latencies.hybrid, [`${name} full text`, latencies.full_text]);
    latencyLine(name, "vector_knn", latencies.vector_knn, [
      `${name} full text`,
      latencies.full_text,
    ]);
  } else {
    console.log(`  ${name}: no pgvector here, so no vector or hybrid search (full text only)`);
  }
  return latencies;
}

async function postgresServer(): Promise<Latencies | undefined> {
  if (!(await serverReachable())) {
    console.log(`  PostgreSQL skipped: not reachable at ${new URL(serverUrl).host}`);
    return undefined;
  }
  const database = await createScratchDatabase();
  const client = await PostgresClient.open(database.url);
  try {
    await migrate(client);
    progress("loading the corpus into PostgreSQL");
    const started = performance.now();
    const corpus = await loadSearchCorpus(client, syntheticChunks, progress);
    console.log(
      `  PostgreSQL: generated and loaded (indexes built) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return await measureCorpus("PostgreSQL", corpus);
  } finally {
    await client.close();
    await database.drop();
  }
}

async function search(): Promise<void> {
  const directory = join(cacheDirectory, `research-${syntheticChunks}-v1`);
  progress(`opening (or building, once) the PGlite corpus in ${directory}`);
  const lite = await cachedPgliteCorpus(directory, syntheticChunks, progress);
  console.log(
    `\nSearch over ${lite.chunks.toLocaleString("en")} chunks (the ${financeDocuments.length} labelled documents among synthetic text in their words), ${financeQueries.length} labelled questions x ${searchRounds} rounds per row, 10 documents each`,
  );
  let liteLatencies: Latencies;
  try {
    liteLatencies = await measureCorpus("PGlite", lite);
  } finally {
    await lite.client.close();
  }
  const server = await postgresServer();
  if (server?.full_text && liteLatencies.full_text) {
    latencyLine("PGlite", "full_text", liteLatencies.full_text, [
      "PostgreSQL full text",
      server.full_text,
    ]);
  }
}

const started = performance.now();
await ingestion();
await labelledQuality();
await search();
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
