import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { configKeys, ConfigError, readConfig } from "./config.ts";

const defaults = {
  ALPHADESK_HOME: "./.alphadesk",
  LOG_LEVEL: "warn",
  ALPACA_DATA_FEED: "iex",
  HOST: "127.0.0.1",
  PORT: 8787,
  ALPHADESK_QUEUE: "alphadesk",
};

describe("readConfig", () => {
  it("uses the embedded defaults when nothing is set, and treats empty values as unset", () => {
    expect(readConfig({})).toEqual(defaults);
    expect(readConfig({ DATABASE_URL: "", LOG_LEVEL: " ", ALPHADESK_HOME: "" })).toEqual(defaults);
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

  it("documents every variable in .env.example and the README", async () => {
    const example = await readFile(new URL("../.env.example", import.meta.url), "utf8");
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    for (const key of configKeys) {
      expect(example, key).toMatch(new RegExp(`^${key}=`, "m"));
      expect(readme, key).toContain(`\`${key}\``);
    }
  });
});
