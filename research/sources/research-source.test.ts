import { describe, expect, it } from "vitest";
import type { NewResearchSource } from "../../tools/ports/research.ts";
import { canonicalUrl } from "../fetch/normalize.ts";
import { ResearchSourceSpec } from "./research-source.ts";
import { starterSources } from "./starter-sources.ts";

const valid = {
  name: "Example feed",
  url: "https://example.com/feed.xml",
  kind: "rss",
  credibility: 0.5,
  category: "markets",
  schedule: { cron: "0 6 * * 1-5" },
};

const issuePaths = (input: unknown) =>
  ResearchSourceSpec.safeParse(input).error?.issues.map((issue) => issue.path.join("."));

describe("ResearchSourceSpec", () => {
  it("reads a schedule in New York time unless told otherwise", () => {
    expect(ResearchSourceSpec.parse(valid).schedule).toEqual({
      cron: "0 6 * * 1-5",
      timeZone: "America/New_York",
    });
  });

  it("reads a refresh interval in minutes instead of a cron pattern", () => {
    expect(
      ResearchSourceSpec.parse({ ...valid, schedule: { refreshMinutes: 90 } }).schedule,
    ).toEqual({ refreshMinutes: 90 });
  });

  it.each([
    [{}, [""], /give `cron` \(e\.g\. `0 6 \* \* 1-5`\) or `refreshMinutes`/],
    [{ cron: "0 6 * * *", refreshMinutes: 60 }, ["refreshMinutes"], /not both/],
    [{ refreshMinutes: 60, timeZone: "Europe/London" }, ["timeZone"], /only applies to `cron`/],
    [
      { refreshMinutes: 5 },
      ["refreshMinutes"],
      /at least 15: the research job looks .* every 15 minutes/,
    ],
    [{ refreshMinutes: 50_000 }, ["refreshMinutes"], /at most 43200 \(30 days\)/],
    [{ refreshMinutes: 20.5 }, ["refreshMinutes"], /int/],
    [{ every: "hour" }, ["", ""], /"every".*give `cron`/],
  ])("refuses the schedule %j, naming the field and the fix", (schedule, paths, message) => {
    const issues = ResearchSourceSpec.safeParse({ ...valid, schedule }).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.slice(1).join("."))).toEqual(paths);
    expect(issues.map((issue) => issue.message).join("; ")).toMatch(message);
  });

  it("names each field that is wrong", () => {
    expect(issuePaths({ ...valid, url: "ftp://example.com/feed.xml" })).toEqual(["url"]);
    expect(issuePaths({ ...valid, url: "not a url" })).toEqual(["url"]);
    expect(issuePaths({ ...valid, kind: "pdf" })).toEqual(["kind"]);
    expect(issuePaths({ ...valid, credibility: 1.5 })).toEqual(["credibility"]);
    expect(issuePaths({ ...valid, name: " " })).toEqual(["name"]);
    expect(issuePaths({ ...valid, schedule: { cron: "every morning" } })).toEqual([
      "schedule.cron",
    ]);
    expect(
      issuePaths({ ...valid, schedule: { cron: "0 6 * * *", timeZone: "Mars/Olympus_Mons" } }),
    ).toEqual(["schedule.timeZone"]);
  });
});

describe("starterSources", () => {
  it("covers the reputable publishers the issue names, each once, over https", () => {
    const hosts = starterSources.map((source) => new URL(source.url).hostname);
    for (const publisher of ["reuters", "dowjones", "yahoo", "ssrn", "federalreserve.gov"]) {
      expect(hosts.some((host) => host.includes(publisher))).toBe(true);
    }
    expect(starterSources.some((source) => source.name.startsWith("WSJ"))).toBe(true);
    expect(starterSources.some((source) => source.name.startsWith("MarketWatch"))).toBe(true);
    expect(starterSources.every((source) => source.url.startsWith("https://"))).toBe(true);
    expect(new Set(starterSources.map((source) => source.url)).size).toBe(starterSources.length);
    // Spelled canonically, so adding one again as a source finds the same row.
    for (const { url } of starterSources) expect(canonicalUrl(url)).toBe(url);
    expect(new Set(starterSources.map((source) => source.name)).size).toBe(starterSources.length);
  });

  it("rates primary sources highest", () => {
    const fed = starterSources.filter((source) => source.category === "central_bank");
    expect(fed.length).toBeGreaterThan(0);
    expect(fed.every((source) => source.credibility === 1)).toBe(true);
  });

  it("are ready to store: each one is a NewResearchSource", () => {
    // A compile-time check as much as a runtime one.
    const rows: NewResearchSource[] = [...starterSources];
    expect(rows.map((row) => row.schedule && "timeZone" in row.schedule)).toEqual(
      starterSources.map(() => true),
    );
  });
});
