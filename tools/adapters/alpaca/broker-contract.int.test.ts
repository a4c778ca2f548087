import { FakeAlpacaTrading } from "../../../test/fakes/alpaca-trading-server.ts";
import { brokerContract } from "../broker/broker.contract.ts";
import { AlpacaBroker } from "./broker.ts";

// The same contract as the simulated paper broker, against the fake of Alpaca's Trading API.
brokerContract("Alpaca against its fake", async () => {
  const fake = await new FakeAlpacaTrading().start();
  const broker = new AlpacaBroker({
    keyId: fake.keyId,
    secret: fake.secret,
    baseUrl: fake.url,
    streamUrl: fake.streamUrl,
    timeoutMs: 2_000,
    rateLimitBackoffMs: 5,
    initialReconnectMs: 20,
  });
  return {
    broker,
    setPrice: (symbol, price) => fake.setPrice(symbol, price),
    close: () => fake.stop(),
  };
});
