import type { ServerNotification } from "@modelcontextprotocol/sdk/types.js";

interface ProgressExtra {
  _meta?: { progressToken?: string | number };
  sendNotification(notification: ServerNotification): Promise<void>;
}

/**
 * ToolContext.progress as MCP progress notifications: sent only when the client asked (with a
 * progress token), and only when the fraction grows, because the spec requires it to increase.
 */
export function progressNotifier(
  extra: ProgressExtra,
): (fraction: number, message?: string) => void {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return () => {};
  let last = -Infinity;
  return (fraction, message) => {
    const progress = Math.min(1, Math.max(0, fraction));
    if (!(progress > last)) return;
    last = progress;
    extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress, total: 1, ...(message ? { message } : {}) },
      })
      // A client that has gone away cannot be told; the tool carries on regardless.
      .catch(() => undefined);
  };
}
