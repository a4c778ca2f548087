import { isPlatform, type IncomingMessage, type Platform } from "./message.ts";

/** Where a conversation happens on a platform: the parts an agent thread id is made of. */
export interface ThreadAddress {
  platform: Platform;
  workspaceId: string | null;
  conversationId: string;
  threadKey: string | null;
}

export type ThreadIdResult = { ok: true; threadId: string } | { ok: false; message: string };
export type ThreadAddressResult =
  { ok: true; address: ThreadAddress } | { ok: false; message: string };

/** Stands for an absent workspace or thread key, so every id has four parts at fixed places. */
const absent = "-";
const maxPartChars = 80;
export const maxThreadIdChars = 256;
/** Platform ids (Slack `T123`, `C456`, `1700000000.0001`; Discord snowflakes) and nothing more. */
const partPattern = /^[A-Za-z0-9._@+-]+$/;

/**
 * The agent thread of a platform conversation: `platform:workspace:conversation:thread`, e.g.
 * `slack:T123:C456:1700000000.0001`, with `-` for an absent workspace or thread key. Stable (the
 * same address always gives the same id, so a restart finds the checkpointed thread) and
 * unambiguous (a part may not contain `:` or be `-`, so no two addresses share an id).
 */
export function threadIdOf(address: ThreadAddress): ThreadIdResult {
  if (!isPlatform(address.platform))
    return { ok: false, message: `unknown platform ${JSON.stringify(address.platform)}` };
  const parts: [string, string | null][] = [
    ["workspaceId", address.workspaceId],
    ["conversationId", address.conversationId],
    ["threadKey", address.threadKey],
  ];
  for (const [field, value] of parts) {
    if (value === null && field !== "conversationId") continue;
    const problem = partProblem(value);
    if (problem) return { ok: false, message: `\`${field}\` ${problem}` };
  }
  const threadId = [
    address.platform,
    address.workspaceId ?? absent,
    address.conversationId,
    address.threadKey ?? absent,
  ].join(":");
  if (threadId.length > maxThreadIdChars)
    return {
      ok: false,
      message: `the thread id would be ${threadId.length} characters; at most ${maxThreadIdChars}`,
    };
  return { ok: true, threadId };
}

export const threadIdOfMessage = (message: IncomingMessage): ThreadIdResult =>
  threadIdOf({
    platform: message.platform,
    workspaceId: message.workspaceId,
    conversationId: message.conversationId,
    threadKey: message.threadKey,
  });

/** Where to post for a thread id made by `threadIdOf` (e.g. when resuming after a click). */
export function parseThreadId(threadId: string): ThreadAddressResult {
  if (threadId.length > maxThreadIdChars)
    return { ok: false, message: `a thread id has at most ${maxThreadIdChars} characters` };
  const parts = threadId.split(":");
  const [platform, workspaceId, conversationId, threadKey] = parts;
  if (parts.length !== 4 || !isPlatform(platform) || conversationId === absent)
    return {
      ok: false,
      message: `not a chat thread id: ${JSON.stringify(threadId.slice(0, 80))} (expected platform:workspace:conversation:thread)`,
    };
  const address: ThreadAddress = {
    platform,
    workspaceId: workspaceId === absent ? null : workspaceId!,
    conversationId: conversationId!,
    threadKey: threadKey === absent ? null : threadKey!,
  };
  const again = threadIdOf(address);
  return again.ok ? { ok: true, address } : again;
}

function partProblem(value: string | null): string | undefined {
  if (value === null || value.length === 0) return "is empty";
  if (value.length > maxPartChars) return `has ${value.length} characters; at most ${maxPartChars}`;
  if (value === absent) return `may not be "${absent}" (it stands for an absent part)`;
  if (!partPattern.test(value))
    return `may hold only letters, digits and . _ @ + - (was ${JSON.stringify(value.slice(0, 40))})`;
  return undefined;
}
