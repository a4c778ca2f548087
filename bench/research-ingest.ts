import { PoliteFetcher } from "../research/fetch/polite-fetcher.ts";
import { ResearchLinker } from "../research/link/research-linker.ts";
import { storeDocument } from "../research/tools/ingest-document.ts";
import { ingestResearch } from "../research/tools/ingest-research.ts";
import {
  type CorpusArticle,
  FakeResearchSite,
  researchPaths,
} from "../test/fakes/research-server.ts";
import { financeDocuments } from "../test/support/finance-corpus.ts";
import { createTestClient } from "../test/support/pglite.ts";
import { testContext } from "../test/support/tool-context.ts";
import { SqlStore } from "../tools/adapters/sql/store.ts";
import { runTool } from "../tools/run-tool.ts";
import { addFeedSource, CorpusVocabulary, embedder } from "./research-corpus.ts";

/** What was stored and how long it took. */
export interface IngestSample {
  ms: number;
  documents: number;
  chunks: number;
}

export interface IngestCorpus {
  name: string;
  articles: CorpusArticle[];
}

/** The labelled finance documents as short pages, and long seeded articles (several chunks each). */
export function ingestCorpora(): IngestCorpus[] {
  const vocabulary = new CorpusVocabulary(7);
  return [
    {
      name: "labelled finance corpus (43 short pages)",
      articles: financeDocuments.map(({ id, title, text }) => ({ id, title, text })),
    },
    {
      name: "long articles (100 pages, 8 paragraphs)",
      articles: Array.from({ length: 100 }, (_, i) => {
        const topic = i % vocabulary.topicCount;
        return {
          id: `long-${i}`,
          title: vocabulary.sentence(topic, 8),
          text: vocabulary.article(topic, 8),
        };
      }),
    },
  ];
}

/** A fresh in-memory PGlite store, and how to count what it holds. */
async function freshStore() {
  const client = await createTestClient();
  const store = new SqlStore(client);
  const count = async (): Promise<Omit<IngestSample, "ms">> => {
    const [row] = await client.query<{ documents: number; chunks: number }>(
      `SELECT (SELECT count(*)::int FROM research_documents) AS documents,
         (SELECT count(*)::int FROM research_chunks) AS chunks`,
    );
    return row!;
  };
  return { store, count };
}

/**
 * ingest_research over the site's corpus feed: the feed and every page fetched over HTTP on
 * localhost (robots.txt honoured, no spacing between requests: the 1 s default would be all that
 * is measured), articles extracted, chunked, embedded by the local embedder, stored and linked.
 */
export async function ingestThroughTool(site: FakeResearchSite): Promise<IngestSample> {
  const { store, count } = await freshStore();
  try {
    await addFeedSource(store, site.url(researchPaths.corpusFeed), "corpus");
    const context = {
      ...testContext(store),
      pageFetcher: new PoliteFetcher({ minIntervalMs: 0 }),
      embedder,
    };
    const started = performance.now();
    await runTool(ingestResearch, { maxItems: 100 }, context);
    return { ms: performance.now() - started, ...(await count()) };
  } finally {
    await store.close();
  }
}

/** The peer: the same articles' text stored through the same document path, with no fetching or extraction. */
export async function storeDirectly(articles: readonly CorpusArticle[]): Promise<IngestSample> {
  const { store, count } = await freshStore();
  try {
    const sourceId = await addFeedSource(store, "https://direct.example/feed", "direct");
    const context = testContext(store);
    const run = {
      store,
      fetcher: new PoliteFetcher(),
      embedder,
      linker: await ResearchLinker.load(store),
      clock: context.clock,
      signal: context.signal,
      maxItems: 100,
    };
    const started = performance.now();
    for (const article of articles) {
      await storeDocument(
        {
          sourceId,
          url: `https://direct.example/${article.id}`,
          title: article.title,
          author: null,
          publishedAtMs: null,
          text: article.text,
        },
        run,
      );
    }
    return { ms: performance.now() - started, ...(await count()) };
  } finally {
    await store.close();
  }
}
