import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../../tools/ports/store.ts";
import { describeResult } from "../../tools/replies/describe-result.ts";
import { runTool } from "../../tools/run-tool.ts";
import { listResearchSources } from "./list-research-sources.ts";
import { updateResearchSource } from "./update-research-source.ts";

let store: Store;
beforeEach(async () => {
  store = await createTestStore();
});
afterEach(async () => {
  await store.close();
});

const nowMs = Date.UTC(2026, 11, 3, 12, 0);
const context = () => ({ ...testContext(store), clock: { nowMs: () => nowMs } });
const list = async () =>
  (await runTool(listResearchSources, {}, context())) as {
    sources: { id: string; name: string; paused: boolean; nextReadAt: string | null }[];
  };
const update = (input: unknown) => runTool(updateResearchSource, input, context());

const add = (url: string, name: string) =>
  store.addResearchSource({
    url,
    kind: "rss",
    name,
    credibility: 0.5,
    category: null,
    schedule: null,
  });

describe("list_research_sources and update_research_source", () => {
  it("list the sources with their schedule and state; say so when there is none", async () => {
    expect(await list()).toEqual({ sources: [] });
    expect(describeResult("list_research_sources", await list())).toMatch(
      /^No research source yet/,
    );
    const { source: fed } = await add("https://fed.example/press.xml", "Fed press");
    await add("https://news.example/rss", "News");
    const listed = await list();
    expect(listed.sources[0]).toEqual({
      id: fed.id,
      name: "Fed press",
      url: "https://fed.example/press.xml",
      kind: "rss",
      credibility: 0.5,
      category: null,
      // A feed without a schedule is read every 60 minutes, at once before its first read.
      schedule: { refreshMinutes: 60 },
      paused: false,
      lastReadAt: null,
      nextReadAt: new Date(fed.createdAtMs).toISOString(),
      lastError: null,
      consecutiveFailures: 0,
    });
    expect(describeResult("list_research_sources", listed).split("\n")[1]).toBe(
      `- ${fed.id}: Fed press (rss, credibility 0.50), every 1 hour; not read yet. https://fed.example/press.xml`,
    );
  });

  it("pause a source (once: pausing again keeps when), resume, rename and re-rate it", async () => {
    const { source } = await add("https://fed.example/press.xml", "Fed press");
    const paused = (await update({ sourceId: source.id, paused: true })) as {
      source: { paused: boolean; nextReadAt: string | null };
    };
    expect(paused.source).toMatchObject({ paused: true, nextReadAt: null });
    expect((await store.requestResearchSource(source.id))!.pausedAtMs).toBe(nowMs);
    expect(describeResult("update_research_source", paused)).toMatch(
      /^Research source \d+ is now paused: it is not read until resumed/,
    );
    await update({ sourceId: source.id, paused: true, credibility: 0.9, name: "The Fed" });
    expect(await store.requestResearchSource(source.id)).toMatchObject({
      pausedAtMs: nowMs,
      credibility: 0.9,
      name: "The Fed",
    });
    await update({ sourceId: source.id, paused: false });
    expect((await list()).sources[0]).toMatchObject({ paused: false, name: "The Fed" });
  });

  it("refuse an unknown source, a bad id and a change of nothing, changing nothing", async () => {
    const { source } = await add("https://fed.example/press.xml", "Fed press");
    await expect(update({ sourceId: "999", paused: true })).rejects.toMatchObject({
      code: "not_found",
      message: "no research source has id 999: list_research_sources lists them",
    });
    await expect(update({ sourceId: "fed", paused: true })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("must be a research source's id"),
    });
    await expect(update({ sourceId: source.id })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("give what to change"),
    });
    await expect(update({ sourceId: source.id, credibility: 2 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await store.requestResearchSource(source.id)).toEqual(source);
  });
});
