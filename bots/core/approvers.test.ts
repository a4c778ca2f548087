import { describe, expect, it } from "vitest";
import { actorId, ApproverList, parseApprovers } from "./approvers.ts";

function listOf(input: string | string[]): ApproverList {
  const parsed = parseApprovers(input);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.approvers;
}

describe("the approver allow-list", () => {
  it("qualifies chat users by platform; the terminal is cli", () => {
    expect(actorId("slack", "U123")).toBe("slack:U123");
    expect(actorId("discord", "81234")).toBe("discord:81234");
    expect(actorId("terminal", "anyone")).toBe("cli");
  });

  it("lets exactly the listed platform users approve", () => {
    const approvers = listOf(" slack:U123, discord:81234 ,cli,slack:U123");
    expect(approvers.list).toEqual(["slack:U123", "discord:81234", "cli"]);
    expect(approvers.mayApprove("slack", "U123")).toBe(true);
    expect(approvers.mayApprove("discord", "81234")).toBe(true);
    expect(approvers.mayApprove("terminal", "cli")).toBe(true);
    // The same id on the other platform is another person.
    expect(approvers.mayApprove("discord", "U123")).toBe(false);
    expect(approvers.mayApprove("slack", "81234")).toBe(false);
    expect(approvers.mayApprove("slack", "U999")).toBe(false);
    expect(approvers.mayApprove("slack", "u123")).toBe(false);
    expect(approvers.mayApprove("slack", "U123\n")).toBe(false);
  });

  it("matches no chat user with an id that has no platform prefix", () => {
    const approvers = listOf(["U123", "81234"]);
    expect(approvers.mayApprove("slack", "U123")).toBe(false);
    expect(approvers.mayApprove("discord", "81234")).toBe(false);
    expect(approvers.mayApprove("terminal", "cli")).toBe(false);
  });

  it("reports every malformed id at once, naming it", () => {
    const parsed = parseApprovers("slak:U1, slack:u1, discord:abc, policy:auto, slack:U1 x");
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'APPROVERS: slak:U1: unknown platform prefix "slak" (known: slack, discord; or give an id without a prefix)',
        "APPROVERS: slack:u1: not a slack user id (like U0123ABCD)",
        "APPROVERS: discord:abc: not a discord user id (digits, like 81234)",
        "APPROVERS: policy:auto: the policy: prefix is reserved for the auto-approval policy",
        'APPROVERS: "slack:U1 x" contains whitespace or a control character',
      ],
    });
    expect(parseApprovers(" , ")).toEqual({
      ok: false,
      problems: ["APPROVERS: list at least one approver id, e.g. slack:U0123ABCD or cli"],
    });
  });
});
