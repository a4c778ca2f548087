import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../../tools/ports/store.ts";
import { runTool } from "../../tools/run-tool.ts";
import { addResearchSource } from "./add-research-source.ts";

let store: Store;
beforeEach(async () => {
  store = await createTestStore();
});
afterEach(async () => {
  await store.close();
});

const add = (input: unknown) => runTool(addResearchSource, input, testContext(store));

describe("add_research_source", () => {
  it("adds a source with defaults: its host as name, credibility 0.5, its kind's schedule", async () => {
    const added = await add({
      url: "https://www.federalreserve.gov/feeds/press_all.xml",
      kind: "rss",
    });
    expect(added).toEqual({ id: expect.any(String), created: true });
    expect(await store.listResearchSources()).toMatchObject([
      {
        id: (added as { id: string }).id,
        url: "https://www.federalreserve.gov/feeds/press_all.xml",
        kind: "rss",
        name: "www.federalreserve.gov",
        credibility: 0.5,
        category: null,
        schedule: null,
      },
    ]);
  });

  it("keeps name, credibility, category and schedule", async () => {
    await add({
      url: "https://papers.example/abstracts",
      kind: "html",
      name: "SSRN abstracts",
      credibility: 0.9,
      category: "academic",
      schedule: { cron: "0 7 * * 1-5" },
    });
    expect((await store.listResearchSources())[0]).toMatchObject({
      name: "SSRN abstracts",
      credibility: 0.9,
      category: "academic",
      schedule: { cron: "0 7 * * 1-5", timeZone: "America/New_York" },
    });
  });

  it("keeps a refresh interval in minutes as its schedule", async () => {
    await add({ url: "https://wire.example/rss", kind: "rss", schedule: { refreshMinutes: 30 } });
    expect((await store.listResearchSources())[0]!.schedule).toEqual({ refreshMinutes: 30 });
  });

  it("answers a URL already added (in any spelling) with its id, adding no row", async () => {
    const first = await add({ url: "https://markets.example/rss?b=2&a=1", kind: "rss" });
    const again = await add({
      url: "HTTPS://Markets.Example/rss?a=1&b=2&utm_source=x#top",
      kind: "html",
      name: "Other",
    });
    expect(again).toEqual({ id: (first as { id: string }).id, created: false });
    expect(await store.listResearchSources()).toHaveLength(1);
  });

  it.each([
    [
      { url: "ftp://files.example/feed", kind: "rss" },
      ["url"],
      /must use http or https \(was ftp\)/,
    ],
    [{ url: "not a url", kind: "rss" }, ["url"], /must be an absolute http\(s\) URL/],
    [{ url: "https://user:secret@feeds.example/x", kind: "rss" }, ["url"], /user name or password/],
    [{ url: "https://feeds.example/x", kind: "atom" }, ["kind"], /rss|html/],
    [{ url: "https://feeds.example/x", kind: "rss", credibility: 1.5 }, ["credibility"], /1/],
    [{ url: "https://feeds.example/x", kind: "rss", name: "  " }, ["name"], /1 character/],
    [
      { url: "https://feeds.example/x", kind: "rss", schedule: { cron: "every morning" } },
      ["schedule", "cron"],
      /not a cron pattern/,
    ],
    [
      { url: "https://feeds.example/x", kind: "rss", schedule: { refreshMinutes: 5 } },
      ["schedule", "refreshMinutes"],
      /at least 15: the research job looks for due sources every 15 minutes/,
    ],
    [
      {
        url: "https://feeds.example/x",
        kind: "rss",
        schedule: { cron: "0 6 * * *", refreshMinutes: 60 },
      },
      ["schedule", "refreshMinutes"],
      /give `cron` or `refreshMinutes`, not both/,
    ],
    [
      { url: "https://feeds.example/x", kind: "rss", schedule: {} },
      ["schedule"],
      /give `cron` \(e\.g\. `0 6 \* \* 1-5`\) or `refreshMinutes` \(e\.g\. 60\)/,
    ],
    [{ url: "https://feeds.example/x", kind: "rss", depth: 3 }, [], /depth/],
  ])("refuses %j naming the field", async (input, path, message) => {
    await expect(add(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path, message: expect.stringMatching(message) }],
    });
    expect(await store.listResearchSources()).toEqual([]);
  });
});
