import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export interface Session {
  server: Server;
  transport: StreamableHTTPServerTransport;
  lastSeenMs: number;
}

/**
 * Open HTTP sessions. Clients often never send DELETE, so sessions idle longer than
 * `idleMs` are closed by a sweep.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly idleMs: number,
    private readonly onChange: (open: number) => void = () => {},
  ) {
    this.sweep = setInterval(() => void this.reap(), Math.max(100, Math.min(idleMs / 2, 60_000)));
    this.sweep.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  add(id: string, session: Session): void {
    this.sessions.set(id, session);
    this.onChange(this.sessions.size);
  }

  /** The session, marked as just used. */
  get(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (session) session.lastSeenMs = Date.now();
    return session;
  }

  delete(id: string): void {
    if (this.sessions.delete(id)) this.onChange(this.sessions.size);
  }

  async reap(nowMs = Date.now()): Promise<void> {
    const idle = [...this.sessions.entries()].filter(
      ([, session]) => nowMs - session.lastSeenMs > this.idleMs,
    );
    await Promise.all(idle.map(([id]) => this.close(id)));
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweep);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    this.delete(id);
    // Closing the server closes its transport and aborts the signal of any call still running.
    await session?.server.close().catch(() => undefined);
  }
}
