import { FakeAlpacaTrading } from "../../../test/fakes/alpaca-trading-server.ts";
import { brokerContract } from "../broker/broker.contract.ts";
import { alpacaBrokerAt } from "../../../test/support/fake-alpaca-broker.ts";

// The same contract as the simulated paper broker, against the fake of Alpaca's Trading API.
brokerContract("Alpaca against its fake", async () => {
  const fake = await new FakeAlpacaTrading().start();
  const broker = alpacaBrokerAt(fake, { rateLimitBackoffMs: 5 });
  return {
    broker,
    setPrice: (symbol, price) => fake.setPrice(symbol, price),
    close: () => fake.stop(),
  };
});
