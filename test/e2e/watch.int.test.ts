import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeAlpacaStream } from "../fakes/alpaca-stream-server.ts";
import { runCli } from "./run-cli.ts";

let fake: FakeAlpacaStream;
beforeEach(async () => {
  fake = await new FakeAlpacaStream().start();
});
afterEach(async () => {
  await fake.stop();
});

const env = (secret = "test-secret") => ({
  APCA_API_KEY_ID: "test-key",
  APCA_API_SECRET_KEY: secret,
  ALPACA_STREAM_URL: fake.url,
});

describe("alphadesk watch", () => {
  it("prints live bars as they close and stops after --count", async () => {
    const running = runCli(["watch", "SPY", "BTC/USD", "--count", "2"], env());
    await fake.waitForSubscription("SPY");
    await fake.waitForSubscription("BTC/USD");
    fake.pushBar("SPY", { t: "2025-03-03T14:31:00Z", o: 590, h: 591, l: 589, c: 590.5, v: 1200 });
    fake.pushBar("BTC/USD", { t: "2025-03-03T14:31:00Z", o: 9e4, h: 9e4, l: 9e4, c: 9e4, v: 1 });
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "2025-03-03T14:31:00.000Z SPY        O 590 H 591 L 589 C 590.5 V 1200",
    );
    expect(result.stdout).toContain("BTC/USD");
    expect(result.stderr).toContain("watching SPY, BTC/USD");
  });

  it("says which variables to check when the stream refuses the key", async () => {
    const result = await runCli(["watch", "SPY"], env("wrong"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /refused the connection.*APCA_API_KEY_ID and APCA_API_SECRET_KEY/,
    );
  });

  it("says how to get keys when none are set", async () => {
    const result = await runCli(["watch", "SPY"], { APCA_API_KEY_ID: "", APCA_API_SECRET_KEY: "" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/set APCA_API_KEY_ID and APCA_API_SECRET_KEY/);
  });

  it("refuses a count that is not a whole number", async () => {
    const result = await runCli(["watch", "SPY", "--count", "two"], env());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/must be a whole number of bars/);
  });
});
