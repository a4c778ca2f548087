import { AlpacaBroker, type AlpacaBrokerOptions } from "../../tools/adapters/alpaca/broker.ts";
import type { FakeAlpacaTrading } from "../fakes/alpaca-trading-server.ts";

/**
 * An AlpacaBroker against a started fake of the Trading API, with a test's timings: requests
 * that wait long enough for a loaded machine, quick retries and reconnects. `overrides` win.
 */
export function alpacaBrokerAt(
  fake: FakeAlpacaTrading,
  overrides: Partial<AlpacaBrokerOptions> = {},
): AlpacaBroker {
  return new AlpacaBroker({
    keyId: fake.keyId,
    secret: fake.secret,
    baseUrl: fake.url,
    streamUrl: fake.streamUrl,
    timeoutMs: 2_000,
    rateLimitBackoffMs: 1,
    initialReconnectMs: 20,
    ...overrides,
  } as AlpacaBrokerOptions);
}
