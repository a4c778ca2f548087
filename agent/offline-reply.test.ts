import { describe, expect, it } from "vitest";
import { offlineReply } from "./offline-reply.ts";

const toolResult = (name: string, output: unknown, ok = true) =>
  ({
    role: "tool",
    toolCallId: "call-1",
    name,
    ok,
    content: JSON.stringify(output),
  }) as const;

describe("the offline reply", () => {
  it("describes each result in turn, a failure by its message, and an event as it is", () => {
    const reply = offlineReply([
      toolResult("list_strategies", { strategies: [] }),
      toolResult("get_bars", { error: { message: "no bars stored for XYZ" } }, false),
      { role: "event", content: "approval a-1: approved by cli; order o-1 is filled" },
    ]);
    expect(reply.split("\n\n")).toEqual([
      expect.stringMatching(/^No strategies stored yet/),
      "get_bars failed: no bars stored for XYZ",
      "approval a-1: approved by cli; order o-1 is filled",
    ]);
  });

  it("heads desk_status, whose status view every face draws beneath the reply", () => {
    expect(offlineReply([toolResult("desk_status", { asOf: "2026-12-02T23:16:41.123Z" })])).toBe(
      "The desk as of 2026-12-02 23:16 UTC:",
    );
  });

  it("heads the research digest, whose view every face draws too", () => {
    expect(offlineReply([toolResult("research_digest", { summary: "Nothing new." })])).toBe(
      "The research digest:",
    );
  });

  it("says Done. when the turn ran nothing", () => {
    expect(offlineReply([])).toBe("Done.");
  });
});
