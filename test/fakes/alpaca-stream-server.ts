import { decode, encode } from "@msgpack/msgpack";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface StreamBar {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

interface Client {
  socket: WebSocket;
  path: string;
  authenticated: boolean;
  bars: Set<string>;
}

/**
 * A local stand-in for Alpaca's market-data stream (stream.data.alpaca.markets), following its
 * documented protocol with the msgpack codec the SDK uses: `connected` on open, an `auth`
 * action answered `authenticated` or error 402, `subscribe`/`unsubscribe` answered with the
 * subscription, and bars as `{"T":"b","S":...}` frames. Paths as Alpaca's: `/v2/iex`,
 * `/v2/sip`, `/v1beta3/crypto/us`.
 */
export class FakeAlpacaStream {
  url = "";
  readonly clients = new Set<Client>();
  /** Every action the clients sent, with the path they connected to. */
  readonly actions: { path: string; action: string; bars?: string[] }[] = [];
  private server?: WebSocketServer;

  constructor(
    readonly keyId = "test-key",
    readonly secret = "test-secret",
  ) {}

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => this.server!.once("listening", resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on("connection", (socket, request) => {
      const client: Client = {
        socket,
        path: request.url ?? "/",
        authenticated: false,
        bars: new Set(),
      };
      this.clients.add(client);
      socket.on("close", () => this.clients.delete(client));
      socket.on("message", (data) => this.handle(client, data as Buffer));
      this.send(client, [{ T: "success", msg: "connected" }]);
    });
    return this;
  }

  /** Sends a finished bar to every authenticated client subscribed to the symbol. */
  pushBar(symbol: string, bar: StreamBar): void {
    for (const client of this.clients) {
      if (client.authenticated && client.bars.has(symbol))
        this.send(client, [{ T: "b", S: symbol, ...bar, n: 1, vw: bar.c }]);
    }
  }

  /** Drops every connection, as a network failure would. */
  dropAll(): void {
    for (const client of this.clients) client.socket.terminate();
  }

  async waitForSubscription(symbol: string): Promise<void> {
    while (![...this.clients].some((client) => client.bars.has(symbol)))
      await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.socket.terminate();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private handle(client: Client, data: Buffer): void {
    const message = decode(data) as {
      action: string;
      key?: string;
      secret?: string;
      bars?: string[];
    };
    this.actions.push({
      path: client.path,
      action: message.action,
      ...(message.bars ? { bars: message.bars } : {}),
    });
    if (message.action === "auth") {
      if (message.key !== this.keyId || message.secret !== this.secret)
        return this.send(client, [{ T: "error", code: 402, msg: "auth failed" }]);
      client.authenticated = true;
      return this.send(client, [{ T: "success", msg: "authenticated" }]);
    }
    if (!client.authenticated)
      return this.send(client, [{ T: "error", code: 401, msg: "not authenticated" }]);
    if (message.action === "subscribe")
      for (const symbol of message.bars ?? []) client.bars.add(symbol);
    if (message.action === "unsubscribe")
      for (const symbol of message.bars ?? []) client.bars.delete(symbol);
    this.send(client, [
      {
        T: "subscription",
        trades: [],
        quotes: [],
        bars: [...client.bars],
        updatedBars: [],
        dailyBars: [],
      },
    ]);
  }

  private send(client: Client, frames: unknown[]): void {
    client.socket.send(encode(frames));
  }
}
