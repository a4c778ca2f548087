import { Platform } from "./message.ts";

/** How each chat platform spells a user id; a typo in APPROVERS fails at start, not silently. */
const userIdPatterns: Record<ChatPlatform, RegExp> = {
  slack: /^[UWB][A-Z0-9]{1,31}$/,
  discord: /^\d{1,20}$/,
};

type ChatPlatform = typeof Platform.SLACK | typeof Platform.DISCORD;
const chatPlatforms: readonly string[] = [Platform.SLACK, Platform.DISCORD];
const isChatPlatform = (value: string): value is ChatPlatform => chatPlatforms.includes(value);

/** The terminal's identity, as `alphadesk chat` and `alphadesk approve` record it. */
export const terminalActor = "cli";

/**
 * The id a chat user acts and decides as: `slack:U123`, `discord:81234`; the terminal is `cli`.
 * Qualified, so a Slack id and a Discord id can never be taken for one another; this is also the
 * id APPROVERS must list, the one the approval rows store, and the one the audit log records.
 */
export function actorId(platform: Platform, userId: string): string {
  return platform === Platform.TERMINAL ? terminalActor : `${platform}:${userId}`;
}

export type ParsedApprovers =
  { ok: true; approvers: ApproverList } | { ok: false; problems: string[] };

/**
 * Parses APPROVERS-style ids (a comma-separated string, or the list bin/config.ts made of it):
 * `slack:U123` and `discord:81234` name chat users; an id without a platform prefix (`cli`, an
 * MCP approver) names a face that acts under exactly that id and matches no chat user. Every
 * problem is reported at once.
 */
export function parseApprovers(input: string | readonly string[]): ParsedApprovers {
  const ids = typeof input === "string" ? input.split(",") : input;
  const problems: string[] = [];
  const entries = new Set<string>();
  for (const raw of ids) {
    const id = raw.trim();
    if (id === "") continue;
    const problem = entryProblem(id);
    if (problem) problems.push(`APPROVERS: ${problem}`);
    else entries.add(id);
  }
  if (problems.length === 0 && entries.size === 0)
    problems.push("APPROVERS: list at least one approver id, e.g. slack:U0123ABCD or cli");
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, approvers: new ApproverList([...entries]) };
}

function entryProblem(id: string): string | undefined {
  if (/[\s\p{Cc}]/u.test(id))
    return `${JSON.stringify(id)} contains whitespace or a control character`;
  if (id.length > 128) return `${id.slice(0, 20)}… is longer than 128 characters`;
  const colon = id.indexOf(":");
  if (colon < 0) return undefined;
  const prefix = id.slice(0, colon);
  const userId = id.slice(colon + 1);
  if (prefix === "policy")
    return `${id}: the policy: prefix is reserved for the auto-approval policy`;
  if (!isChatPlatform(prefix))
    return `${id}: unknown platform prefix "${prefix}" (known: ${chatPlatforms.join(", ")}; or give an id without a prefix)`;
  if (!userIdPatterns[prefix].test(userId))
    return `${id}: not a ${prefix} user id (${prefix === "slack" ? "like U0123ABCD" : "digits, like 81234"})`;
  return undefined;
}

/** Who may approve orders. */
export class ApproverList {
  private readonly ids: ReadonlySet<string>;

  constructor(ids: readonly string[]) {
    this.ids = new Set(ids);
  }

  /** The listed ids, as approval rows store them. */
  get list(): string[] {
    return [...this.ids];
  }

  /** Whether this person, as the platform identifies them, is on the list. */
  mayApprove(platform: Platform, userId: string): boolean {
    if (platform === Platform.TERMINAL) return this.ids.has(terminalActor);
    if (!isChatPlatform(platform) || !userIdPatterns[platform].test(userId)) return false;
    return this.ids.has(actorId(platform, userId));
  }
}
