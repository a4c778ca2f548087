import { describe, expect, it } from "vitest";
import { maxThreadIdChars, parseThreadId, threadIdOf, threadIdOfMessage } from "./threads.ts";

describe("thread ids", () => {
  it("maps a Slack thread to a stable id and back", () => {
    const address = {
      platform: "slack" as const,
      workspaceId: "T123",
      conversationId: "C456",
      threadKey: "1700000000.0001",
    };
    expect(threadIdOf(address)).toEqual({ ok: true, threadId: "slack:T123:C456:1700000000.0001" });
    expect(threadIdOf({ ...address })).toEqual(threadIdOf(address));
    expect(parseThreadId("slack:T123:C456:1700000000.0001")).toEqual({ ok: true, address });
  });

  it("marks an absent workspace or thread key, so no two addresses share an id", () => {
    const dm = threadIdOf({
      platform: "discord",
      workspaceId: null,
      conversationId: "81234",
      threadKey: null,
    });
    expect(dm).toEqual({ ok: true, threadId: "discord:-:81234:-" });
    const other = threadIdOf({
      platform: "discord",
      workspaceId: "81234",
      conversationId: "55",
      threadKey: null,
    });
    expect(other).toEqual({ ok: true, threadId: "discord:81234:55:-" });
    expect(parseThreadId("discord:-:81234:-")).toMatchObject({
      ok: true,
      address: { workspaceId: null, threadKey: null, conversationId: "81234" },
    });
  });

  it("builds the id of an incoming message", () => {
    expect(
      threadIdOfMessage({
        platform: "slack",
        userId: "U1",
        displayName: "Ada",
        workspaceId: "T1",
        conversationId: "C1",
        threadKey: "1.2",
        text: "hi",
      }),
    ).toEqual({ ok: true, threadId: "slack:T1:C1:1.2" });
  });

  it("refuses control characters, separators, empty and overlong parts, and unknown platforms", () => {
    const base = {
      platform: "slack" as const,
      workspaceId: "T1",
      conversationId: "C1",
      threadKey: null,
    };
    expect(threadIdOf({ ...base, conversationId: "C1\n" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^`conversationId` may hold only/) as string,
    });
    expect(threadIdOf({ ...base, threadKey: "1:2" })).toMatchObject({ ok: false });
    expect(threadIdOf({ ...base, workspaceId: "\u0000" })).toMatchObject({ ok: false });
    expect(threadIdOf({ ...base, conversationId: "" })).toMatchObject({
      ok: false,
      message: "`conversationId` is empty",
    });
    expect(threadIdOf({ ...base, threadKey: "-" })).toMatchObject({ ok: false });
    expect(threadIdOf({ ...base, threadKey: "x".repeat(81) })).toMatchObject({
      ok: false,
      message: "`threadKey` has 81 characters; at most 80",
    });
    expect(threadIdOf({ ...base, platform: "irc" as "slack" })).toMatchObject({ ok: false });
  });

  it("refuses ids that are not chat thread ids", () => {
    for (const id of [
      "terminal-123",
      "slack:T1:C1",
      "slack:T1:C1:1:2",
      "irc:T1:C1:-",
      "slack:T1:-:-",
      "slack:T1:C\u00071:-",
      `slack:T1:C1:${"x".repeat(maxThreadIdChars)}`,
    ])
      expect(parseThreadId(id).ok, id).toBe(false);
  });
});
