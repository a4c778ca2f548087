import { extractPeriod } from "../dates.ts";
import { call, defined, missing, planned, type Intent } from "../intent.ts";

/** "search research for X", "what does the research say about X", "news on X". */
/** "what did the fed say", "what has Powell said": what stored research quotes of someone. */
const saidBy = /^what (?:did|has|have) (?:the )?([a-z0-9&.' -]+?) (?:say|said)\b/;

export const searchResearch: Intent = {
  title: "a research search",
  tools: ["search_research"],
  examples: [
    "search research for fed rate cuts",
    "what does the research say about momentum crashes since 2024-01-01",
  ],
  matches: ({ text }) =>
    /\b(?:search|find|look up|look for)\b.*\b(?:research|news|articles?|papers?)\b|\bwhat (?:does|do) (?:the )?(?:research|news|papers?) say\b|\b(?:research|news|articles?|papers?) (?:on|about|for)\b/.test(
      text,
    ) || saidBy.test(text),
  plan({ raw, text, context }) {
    const { period, rest } = extractPeriod(text, context.nowMs);
    const topic = (
      /\b(?:on|about|for|say about|says about)\s+(.+)$/.exec(rest)?.[1] ?? saidBy.exec(rest)?.[1]
    )?.trim();
    if (!topic) return missing("what to search for: say it after on, about or for");
    const strategyId = /\b([0-9a-f]{64})\b/.exec(raw)?.[1];
    const input = defined({
      query: topic
        .replace(/\b[0-9a-f]{64}\b/, "")
        .replace(/\s+/g, " ")
        .trim(),
      since: period.start,
      strategyId,
    });
    return planned(
      [call("search_research", input)],
      `Search stored research for "${String(input.query)}"${period.start ? ` since ${period.start}` : ""}.`,
    );
  },
};

/** "add research feed <url>", "follow <url>". */
export const addResearchSource: Intent = {
  title: "a research source",
  tools: ["add_research_source"],
  examples: ["add research feed https://www.federalreserve.gov/feeds/press_all.xml"],
  matches: ({ text }) =>
    /\b(?:add|follow|subscribe to|track)\b.*\b(?:feed|source|rss|atom|page|site|blog)\b.*https?:\/\//.test(
      text,
    ) || /^(?:add|follow|subscribe to|track)\s+https?:\/\/\S+$/.test(text),
  plan({ raw, text }) {
    const url = /https?:\/\/\S+/.exec(raw)?.[0]?.replace(/[.,;)]+$/, "");
    if (!url) return missing("the source's address (an http or https URL)");
    const kind = /\b(?:page|site|html)\b/.test(text) && !/\b(?:feed|rss|atom)\b/.test(text);
    return planned(
      [call("add_research_source", { url, kind: kind ? "html" : "rss" })],
      `Add ${url} as a research ${kind ? "page" : "feed"}.`,
    );
  },
};

const sourceNoun = /\b(?:research |news )?(?:sources?|feeds?)\b/;
const sourceIdIn = (text: string) =>
  /\b(?:sources?|feeds?)\s+(?:#|id\s+)?(\d{1,18})\b/.exec(text)?.[1];

/** "list my research sources", "pause research source 3", "set source 2's credibility to 0.9". */
export const researchSources: Intent = {
  title: "the research sources",
  tools: ["list_research_sources", "update_research_source"],
  examples: [
    "list my research sources",
    "pause research source 3",
    "resume research source 3",
    "set the credibility of research source 2 to 0.9",
  ],
  matches: ({ text }) =>
    (/\b(?:list|show|which|what|my)\b.*\b(?:research|news)\s+(?:sources|feeds)\b|\bwhat (?:feeds|sources) (?:do i|am i)\b/.test(
      text,
    ) ||
      /\b(?:pause|unpause|resume|stop|remove|delete|disable|enable|mute|unmute|rename|credibility)\b/.test(
        text,
      )) &&
    sourceNoun.test(text) &&
    !/https?:\/\//.test(text),
  plan({ text, raw }) {
    const sourceId = sourceIdIn(text);
    const credibility = /\bcredibility\b.*?\b(?:to|=|of|at)\s*(0(?:\.\d+)?|1(?:\.0+)?)\b/.exec(
      text,
    )?.[1];
    const pausing = /\b(?:pause|stop|remove|delete|disable|mute)\b/.test(text);
    const resuming = /\b(?:unpause|resume|enable|unmute|restart)\b/.test(text);
    const renamed = /\brename\b.*?\bto\s+["'“]?(.+?)["'”]?\s*$/.exec(raw)?.[1];
    const changes = defined({
      paused: resuming ? false : pausing ? true : undefined,
      credibility: credibility === undefined ? undefined : Number(credibility),
      name: renamed,
    });
    if (Object.keys(changes).length === 0)
      return planned([call("list_research_sources", {})], "List the research sources.");
    if (!sourceId)
      return missing(
        'which source, by its id, e.g. "pause research source 3" ("list my research sources" shows them)',
      );
    return planned(
      [call("update_research_source", { sourceId, ...changes })],
      `Change research source ${sourceId}: ${Object.entries(changes)
        .map(([key, value]) => `${key} ${String(value)}`)
        .join(", ")}.`,
    );
  },
};

/** "fetch the latest research", "refresh research now", "ingest research from source 3". */
export const ingestResearch: Intent = {
  title: "a research refresh",
  tools: ["ingest_research"],
  examples: ["fetch the latest research now", "refresh research source 3"],
  matches: ({ text }) =>
    /\b(?:ingest|refresh|update|fetch|pull|read|get)\b.*\b(?:research|feeds?|news)\b.*(?:\bnow\b|\blatest\b|\bnew\b|\bsources?\b|$)/.test(
      text,
    ) && !/\b(?:search|find|look)\b/.test(text),
  plan({ text }) {
    const sourceId = /\bsource\s+(?:#|id\s+)?(\d{1,18})\b/.exec(text)?.[1];
    return planned(
      [call("ingest_research", defined({ sourceId }))],
      sourceId ? `Read research source ${sourceId} now.` : "Read every research source now.",
    );
  },
};

/** "morning digest", "what's new since yesterday", "daily briefing". */
export const researchDigest: Intent = {
  title: "the research digest",
  tools: ["research_digest"],
  examples: ["morning digest", "what's new since yesterday"],
  matches: ({ text }) =>
    /\b(?:digest|briefing|morning (?:note|brief|update|summary))\b|\bwhat(?:'s| is| has) (?:new|happened|changed)\b|\bwhat happened (?:overnight|last night|today|yesterday|while i was (?:away|out|asleep)|since)\b|\bwhat did i miss\b|\bovernight moves\b|\bcatch me up\b|\bsummar(?:y|i[sz]e)\b.*\b(?:news|research)\b|\bnews summary\b|^summari[sz]e (?:this|the|last) (?:week|morning|day)\b|^summari[sz]e (?:today|yesterday)\b/.test(
      text,
    ) ||
    // "show me the news", "latest news", "any news?": the news in general is the digest.
    /^(?:(?:show|give|tell)(?: me)? |what's in |what is in |what's |what is |what are |any )?(?:the )?(?:latest |today's |recent |new )?(?:news|headlines)(?: today| this morning)?$/.test(
      text,
    ),
  plan({ text, context }) {
    const { period, problem } = extractPeriod(text, context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    return planned(
      [call("research_digest", defined({ since: period.start, until: period.end }))],
      "Digest what came in: research on your strategies, overnight moves, scanner findings, correlation regimes.",
    );
  },
};
