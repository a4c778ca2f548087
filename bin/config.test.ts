import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { configKeys, ConfigError, readConfig } from "./config.ts";

const defaults = {
  ALPHADESK_HOME: "./.alphadesk",
  LOG_LEVEL: "warn",
  ALPACA_DATA_FEED: "iex",
  HOST: "127.0.0.1",
  PORT: 8787,
  ALPHADESK_QUEUE: "alphadesk",
  BROKER: "paper",
  APPROVERS: ["cli"],
  APPROVAL_TTL_MINUTES: 15,
  PAPER_STARTING_CASH: 100_000,
  PAPER_FEE_BPS: 0,
  PAPER_SLIPPAGE_BPS: 0,
  PAPER_ALLOW_SHORT: "no",
};

describe("readConfig", () => {
  it("uses the embedded defaults when nothing is set, and treats empty values as unset", () => {
    expect(readConfig({})).toEqual(defaults);
    expect(readConfig({ DATABASE_URL: "", LOG_LEVEL: " ", ALPHADESK_HOME: "" })).toEqual(defaults);
  });

  it("never lets a chat face run unverified: Slack needs a signing secret or Socket Mode, Discord its id", () => {
    const problems = (environment: NodeJS.ProcessEnv) => {
      try {
        readConfig(environment);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "  " })).toEqual([
      expect.stringMatching(
        /^SLACK_SIGNING_SECRET: Slack needs SLACK_SIGNING_SECRET .* never takes unverified/,
      ),
    ]);
    expect(problems({ SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef" })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: /),
    ]);
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "short" })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: must be the 32 hex digits/),
    ]);
    expect(problems({ DISCORD_PUBLIC_KEY: "abc" })).toContainEqual(
      expect.stringMatching(/^DISCORD_PUBLIC_KEY: must be your Discord application's public key/),
    );
    expect(problems({ DISCORD_PUBLIC_KEY: "ab".repeat(32) })).toEqual([
      expect.stringMatching(/^DISCORD_APPLICATION_ID: /),
    ]);
    expect(
      problems({
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_APP_TOKEN: "xapp-1",
        DISCORD_TOKEN: "a-discord-bot-token-of-some-length",
        DISCORD_APPLICATION_ID: "123456789012345678",
        DISCORD_PUBLIC_KEY: "ab".repeat(32),
      }),
    ).toEqual([]);
  });

  it("reads what is set", () => {
    expect(
      readConfig({
        DATABASE_URL: "postgres://u@h/db",
        LOG_LEVEL: "debug",
        ALPHADESK_HOME: "/data",
        REDIS_URL: "redis://127.0.0.1:6379",
      }),
    ).toEqual({
      ...defaults,
      DATABASE_URL: "postgres://u@h/db",
      LOG_LEVEL: "debug",
      ALPHADESK_HOME: "/data",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
  });

  it("reports every problem at once, naming each variable", () => {
    let error: unknown;
    try {
      readConfig({ DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(2);
    expect((error as ConfigError).message).toMatch(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect((error as ConfigError).message).toMatch(/LOG_LEVEL: /);
  });

  it("names the missing half of an Alpaca key pair and the key a chosen provider lacks", () => {
    expect(() => readConfig({ APCA_API_KEY_ID: "k" })).toThrow(
      /APCA_API_SECRET_KEY: Alpaca needs both APCA_API_KEY_ID and APCA_API_SECRET_KEY/,
    );
    expect(() => readConfig({ MARKET_DATA_PROVIDER: "polygon" })).toThrow(
      /MARKET_DATA_PROVIDER: polygon needs POLYGON_API_KEY/,
    );
    expect(() => readConfig({ MARKET_DATA_PROVIDER: "alpaca" })).toThrow(
      /MARKET_DATA_PROVIDER: alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY/,
    );
  });

  it("reads the MCP HTTP keys: port, token and allowed browser origins", () => {
    expect(
      readConfig({
        HOST: "0.0.0.0",
        PORT: "9000",
        MCP_TOKEN: "0123456789abcdef",
        MCP_ALLOWED_ORIGINS: "http://localhost:6274, https://desk.example.com/",
      }),
    ).toMatchObject({
      HOST: "0.0.0.0",
      PORT: 9000,
      MCP_TOKEN: "0123456789abcdef",
      MCP_ALLOWED_ORIGINS: ["http://localhost:6274", "https://desk.example.com"],
    });
    expect(() => readConfig({ PORT: "http" })).toThrow(/PORT: must be a TCP port, 0-65535/);
    expect(() => readConfig({ MCP_TOKEN: "short" })).toThrow(/MCP_TOKEN: must be at least 16/);
    expect(() => readConfig({ MCP_ALLOWED_ORIGINS: "null" })).toThrow(
      /MCP_ALLOWED_ORIGINS: "null" is not an origin.*never allowed/,
    );
    expect(() => readConfig({ MCP_ALLOWED_ORIGINS: "https://a.example.com/app" })).toThrow(
      /"https:\/\/a.example.com\/app" is not an origin/,
    );
  });

  it("reads the broker, the approvers and the risk limits, and guards live trading", () => {
    expect(
      readConfig({
        APPROVERS: "U123, cli,U123",
        APPROVAL_TTL_MINUTES: "5",
        RISK_LIMITS: '{"maxOrderNotional": 5000, "denySymbols": ["GME"]}',
        PAPER_FEE_BPS: "1",
        PAPER_ALLOW_SHORT: "yes",
      }),
    ).toMatchObject({
      APPROVERS: ["U123", "cli"],
      APPROVAL_TTL_MINUTES: 5,
      RISK_LIMITS: { maxOrderNotional: 5000, denySymbols: ["GME"] },
      PAPER_FEE_BPS: 1,
      PAPER_ALLOW_SHORT: "yes",
    });
    expect(() => readConfig({ PAPER_ALLOW_SHORT: "true" })).toThrow(
      /PAPER_ALLOW_SHORT: must be "yes" or "no"/,
    );
    expect(() => readConfig({ RISK_LIMITS: '{"maxOrderNotional": -1}' })).toThrow(
      /RISK_LIMITS: must be a JSON object of risk limits.*maxOrderNotional/,
    );
    expect(() => readConfig({ RISK_LIMITS: '{"maxLeverage": 3}' })).toThrow(
      /RISK_LIMITS: .*unknown risk limit `maxLeverage`/,
    );
    expect(() => readConfig({ RISK_LIMITS: "{" })).toThrow(/RISK_LIMITS: must be a JSON object/);
    expect(() => readConfig({ APPROVERS: " , " })).toThrow(/APPROVERS: list at least one/);
    expect(() => readConfig({ APPROVERS: "policy:auto-approve-paper" })).toThrow(
      /APPROVERS: an approver id may not start with policy:/,
    );
    expect(() => readConfig({ APPROVAL_TTL_MINUTES: "0" })).toThrow(/APPROVAL_TTL_MINUTES/);
    expect(() => readConfig({ BROKER: "alpaca-paper" })).toThrow(
      /BROKER: alpaca-paper needs APCA_API_KEY_ID/,
    );
    // Live needs its own keys, the explicit opt-in and market data, all named at once.
    let error: unknown;
    try {
      readConfig({ BROKER: "alpaca-live", APCA_API_KEY_ID: "k", APCA_API_SECRET_KEY: "s" });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).message).toMatch(/ALPACA_LIVE_KEY_ID and ALPACA_LIVE_SECRET_KEY/);
    expect((error as ConfigError).message).toMatch(/ALPHADESK_ALLOW_LIVE=yes/);
    expect(
      readConfig({
        BROKER: "alpaca-live",
        APCA_API_KEY_ID: "k",
        APCA_API_SECRET_KEY: "s",
        ALPACA_LIVE_KEY_ID: "lk",
        ALPACA_LIVE_SECRET_KEY: "ls",
        ALPHADESK_ALLOW_LIVE: "yes",
      }),
    ).toMatchObject({ BROKER: "alpaca-live" });
  });

  it("reads the secret keyring and names what is wrong with a bad one, never the key", () => {
    const [k2, k1] = [randomBytes(32).toString("base64"), randomBytes(32).toString("base64")];
    const box = readConfig({ ALPHADESK_SECRET_KEYS: `k2:${k2},k1:${k1}` }).ALPHADESK_SECRET_KEYS!;
    expect(box.keyIds).toEqual(["k2", "k1"]);
    expect(JSON.stringify(box)).not.toContain(k2);
    const short = randomBytes(16).toString("base64");
    let error: unknown;
    try {
      readConfig({ ALPHADESK_SECRET_KEYS: `k2:${short},${k1}`, LOG_LEVEL: "loud" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(
      /ALPHADESK_SECRET_KEYS: .*entry 1 \(key id "k2"\): the key is 16 bytes, an AES-256 key is 32.*; entry 2 is not of the form <key id>:<base64 key>/,
    );
    expect(message).toMatch(/LOG_LEVEL: /);
    for (const secret of [short, k1]) expect(message).not.toContain(secret);
  });

  it("reads the model settings, and names what a half-configured model lacks", () => {
    expect(
      readConfig({ LLM_BASE_URL: "http://127.0.0.1:11434/v1", LLM_MODEL: "llama3.1" }),
    ).toMatchObject({ LLM_BASE_URL: "http://127.0.0.1:11434/v1", LLM_MODEL: "llama3.1" });
    expect(() => readConfig({ LLM_API_KEY: "sk-x" })).toThrow(/LLM_MODEL: name the model/);
    expect(() => readConfig({ LLM_MODEL: "gpt-4o-mini" })).toThrow(/LLM_MODEL: set LLM_API_KEY/);
    expect(() => readConfig({ LLM_BASE_URL: "localhost", LLM_MODEL: "m" })).toThrow(
      /LLM_BASE_URL: must be a URL/,
    );
  });

  it("reads the TradingView webhook secret (32 characters at least, JSON-safe) and its channels", () => {
    const secret = "0123456789abcdef0123456789abcdef";
    expect(
      readConfig({
        TRADINGVIEW_WEBHOOK_SECRET: secret,
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_APP_TOKEN: "xapp-1",
        TRADINGVIEW_SLACK_CHANNEL: "C0ALERTS1",
      }),
    ).toMatchObject({ TRADINGVIEW_WEBHOOK_SECRET: secret, TRADINGVIEW_SLACK_CHANNEL: "C0ALERTS1" });
    expect(() => readConfig({ TRADINGVIEW_WEBHOOK_SECRET: secret.slice(1) })).toThrow(
      /TRADINGVIEW_WEBHOOK_SECRET: must be at least 32 characters/,
    );
    expect(() => readConfig({ TRADINGVIEW_WEBHOOK_SECRET: `${secret}"` })).toThrow(
      /TRADINGVIEW_WEBHOOK_SECRET: no spaces, " or \\/,
    );
    expect(() => readConfig({ TRADINGVIEW_DISCORD_CHANNEL: "500000000000000001" })).toThrow(
      /TRADINGVIEW_DISCORD_CHANNEL: posting alerts to Discord needs DISCORD_TOKEN.*\n.*TRADINGVIEW_DISCORD_CHANNEL: alerts arrive only with TRADINGVIEW_WEBHOOK_SECRET/,
    );
  });

  it("documents every variable in .env.example and the README", async () => {
    const example = await readFile(new URL("../.env.example", import.meta.url), "utf8");
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    for (const key of configKeys) {
      expect(example, key).toMatch(new RegExp(`^${key}=`, "m"));
      expect(readme, key).toContain(`\`${key}\``);
    }
  });
});
