import { ResearchSourceSpec, type ResearchSourceSpecInput } from "./research-source.ts";

/** Weekdays at 6:00 New York time, ahead of the morning digest. */
const beforeTheMorningDigest = { cron: "0 6 * * 1-5", timeZone: "America/New_York" };
/** FOMC statements come out at 14:00 New York time; Fed releases are read again after that. */
const morningAndAfterFomc = { cron: "0 6,15 * * 1-5", timeZone: "America/New_York" };

/**
 * Reputable public feeds, at the URLs their publishers gave when this list was written (Reuters
 * retired feeds.reuters.com in 2020; its agency site still publishes this one; SSRN publishes no
 * stable feed, so its network page is read as HTML). Never fetched by tests.
 */
const starterSourceInputs: ResearchSourceSpecInput[] = [
  {
    name: "Reuters: business and finance",
    url: "https://www.reutersagency.com/feed/?best-topics=business-finance&post_type=best",
    kind: "rss",
    credibility: 0.9,
    category: "markets",
    schedule: beforeTheMorningDigest,
  },
  {
    name: "MarketWatch: top stories",
    url: "https://feeds.content.dowjones.io/public/rss/mw_topstories",
    kind: "rss",
    credibility: 0.75,
    category: "markets",
    schedule: beforeTheMorningDigest,
  },
  {
    name: "Yahoo Finance: news",
    url: "https://finance.yahoo.com/news/rssindex",
    kind: "rss",
    credibility: 0.6,
    category: "markets",
    schedule: beforeTheMorningDigest,
  },
  {
    name: "WSJ: markets",
    url: "https://feeds.content.dowjones.io/public/rss/RSSMarketsMain",
    kind: "rss",
    credibility: 0.85,
    category: "markets",
    schedule: beforeTheMorningDigest,
  },
  {
    name: "SSRN: Financial Economics Network",
    url: "https://www.ssrn.com/index.cfm/en/fen/",
    kind: "html",
    credibility: 0.7,
    category: "academic",
    schedule: beforeTheMorningDigest,
  },
  {
    name: "Federal Reserve: all press releases",
    url: "https://www.federalreserve.gov/feeds/press_all.xml",
    kind: "rss",
    credibility: 1,
    category: "central_bank",
    schedule: morningAndAfterFomc,
  },
  {
    name: "Federal Reserve: monetary policy",
    url: "https://www.federalreserve.gov/feeds/press_monetary.xml",
    kind: "rss",
    credibility: 1,
    category: "central_bank",
    schedule: morningAndAfterFomc,
  },
];

export const starterSources: readonly ResearchSourceSpec[] = starterSourceInputs.map((source) =>
  ResearchSourceSpec.parse(source),
);
