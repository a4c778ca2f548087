import { effectiveLimits, type RiskLimits } from "../engine/risk/index.ts";
import { z } from "zod";
import { parseKeyring, SecretBox } from "../tools/adapters/crypto/secret-box.ts";

const emptyAsUnset = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());

const ConfigSchema = z
  .object({
    ALPHADESK_HOME: z.preprocess(emptyAsUnset, z.string().default("./.alphadesk")),
    DATABASE_URL: optional(
      z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
    ),
    ALPHADESK_SECRET_KEYS: optional(z.string().transform(parseSecretKeys)),
    POLYGON_API_KEY: optional(z.string()),
    POLYGON_BASE_URL: optional(z.string().url("must be a URL such as https://api.polygon.io")),
    APCA_API_KEY_ID: optional(z.string()),
    APCA_API_SECRET_KEY: optional(z.string()),
    ALPACA_DATA_URL: optional(z.string().url("must be a URL such as https://data.alpaca.markets")),
    ALPACA_STREAM_URL: optional(
      z
        .string()
        .regex(
          /^wss?:\/\//,
          "must be a ws:// or wss:// URL such as wss://stream.data.alpaca.markets",
        ),
    ),
    ALPACA_DATA_FEED: z.preprocess(emptyAsUnset, z.enum(["iex", "sip"]).default("iex")),
    MARKET_DATA_PROVIDER: optional(z.enum(["alpaca", "polygon"])),
    HOST: z.preprocess(emptyAsUnset, z.string().default("127.0.0.1")),
    PORT: z.preprocess(
      emptyAsUnset,
      z.coerce
        .number({ error: "must be a TCP port, 0-65535" })
        .int("must be a TCP port, 0-65535")
        .min(0, "must be a TCP port, 0-65535")
        .max(65535, "must be a TCP port, 0-65535")
        .default(8787),
    ),
    MCP_TOKEN: optional(
      z
        .string()
        .min(16, "must be at least 16 characters; generate one with `openssl rand -hex 32`"),
    ),
    MCP_ALLOWED_ORIGINS: optional(z.string().transform(parseOrigins)),
    REDIS_URL: optional(
      z
        .string()
        .regex(
          /^rediss?:\/\//,
          "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379",
        ),
    ),
    ALPHADESK_QUEUE: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(/^[\w-]+$/, "letters, digits, _ and - only")
        .default("alphadesk"),
    ),
    BROKER: z.preprocess(
      emptyAsUnset,
      z.enum(["paper", "alpaca-paper", "alpaca-live"]).default("paper"),
    ),
    ALPACA_TRADING_URL: optional(
      z.string().url("must be a URL such as https://paper-api.alpaca.markets"),
    ),
    ALPACA_TRADING_STREAM_URL: optional(
      z.string().regex(/^wss?:\/\//, "must be a ws:// or wss:// URL"),
    ),
    ALPACA_LIVE_KEY_ID: optional(z.string()),
    ALPACA_LIVE_SECRET_KEY: optional(z.string()),
    ALPHADESK_ALLOW_LIVE: optional(
      z.literal("yes", { error: 'must be "yes" to allow orders with real money' }),
    ),
    APPROVERS: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .default("cli")
        .transform((text) => [
          ...new Set(
            text
              .split(",")
              .map((id) => id.trim())
              .filter(Boolean),
          ),
        ])
        .refine((ids) => ids.length > 0, "list at least one approver id")
        .refine(
          (ids) => ids.every((id) => !id.startsWith("policy:")),
          "an approver id may not start with policy: (reserved for the auto-approval policy)",
        ),
    ),
    MCP_APPROVER: optional(
      z
        .string()
        .trim()
        .regex(/^[^,\s]+$/, "one approver id, without spaces or commas"),
    ),
    APPROVAL_TTL_MINUTES: z.preprocess(
      emptyAsUnset,
      z.coerce
        .number({ error: "must be a number of minutes" })
        .gt(0, "must be more than 0 minutes")
        .max(24 * 60, "must be at most 1440 minutes (a day)")
        .default(15),
    ),
    RISK_LIMITS: optional(z.string().transform(parseRiskLimits)),
    PAPER_STARTING_CASH: z.preprocess(
      emptyAsUnset,
      z.coerce.number({ error: "must be a number" }).min(0).finite().default(100_000),
    ),
    PAPER_FEE_BPS: z.preprocess(
      emptyAsUnset,
      z.coerce.number({ error: "must be a number" }).min(0).max(1000).default(0),
    ),
    PAPER_SLIPPAGE_BPS: z.preprocess(
      emptyAsUnset,
      z.coerce.number({ error: "must be a number" }).min(0).max(1000).default(0),
    ),
    PAPER_ALLOW_SHORT: z.preprocess(
      emptyAsUnset,
      z.enum(["yes", "no"], { error: 'must be "yes" or "no"' }).default("no"),
    ),
    /** Unset: live when the Alpaca keys are set, replay otherwise (bin/execution.ts). */
    PAPER_PRICES: optional(z.enum(["replay", "live"])),
    LLM_BASE_URL: optional(
      z
        .string()
        .url("must be a URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1"),
    ),
    LLM_API_KEY: optional(z.string()),
    LLM_MODEL: optional(z.string().trim().min(1)),
    EMBEDDING_MODEL: optional(z.string().trim().min(1)),
    EMBEDDING_BASE_URL: optional(
      z
        .string()
        .url("must be a URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1"),
    ),
    EMBEDDING_API_KEY: optional(z.string()),
    SLACK_BOT_TOKEN: optional(
      z.string().regex(/^xoxb-/, "must be a bot token (xoxb-...) from your Slack app's OAuth page"),
    ),
    SLACK_SIGNING_SECRET: optional(
      z
        .string()
        .regex(/^[0-9a-f]{32}$/i, "must be the 32 hex digits of your Slack app's signing secret"),
    ),
    SLACK_APP_TOKEN: optional(
      z.string().regex(/^xapp-/, "must be an app-level token (xapp-...) with connections:write"),
    ),
    SLACK_API_URL: optional(z.string().url("must be a URL such as https://slack.com/api/")),
    DISCORD_TOKEN: optional(z.string().trim().min(20, "must be your Discord bot's token")),
    DISCORD_APPLICATION_ID: optional(
      z
        .string()
        .regex(/^\d{15,21}$/, "must be your Discord application's id (a snowflake, digits only)"),
    ),
    DISCORD_PUBLIC_KEY: optional(
      z
        .string()
        .regex(/^[0-9a-f]{64}$/i, "must be your Discord application's public key (64 hex digits)"),
    ),
    SLACK_DIGEST_CHANNEL: optional(
      z.string().regex(/^[CG][A-Z0-9]{6,}$/, "must be a Slack channel id such as C0123ABCD"),
    ),
    DISCORD_DIGEST_CHANNEL: optional(
      z.string().regex(/^\d{15,21}$/, "must be a Discord channel id (a snowflake, digits only)"),
    ),
    DISCORD_API_URL: optional(z.string().url("must be a URL such as https://discord.com/api")),
    TRADINGVIEW_WEBHOOK_SECRET: optional(
      z
        .string()
        .min(32, "must be at least 32 characters; generate one with `openssl rand -hex 32`")
        .regex(/^[^\s"\\]+$/, "no spaces, \" or \\: it is written into the alert's JSON"),
    ),
    TRADINGVIEW_SLACK_CHANNEL: optional(
      z.string().regex(/^[CG][A-Z0-9]{6,}$/, "must be a Slack channel id such as C0123ABCD"),
    ),
    TRADINGVIEW_DISCORD_CHANNEL: optional(
      z.string().regex(/^\d{15,21}$/, "must be a Discord channel id (a snowflake, digits only)"),
    ),
    LOG_LEVEL: z.preprocess(
      emptyAsUnset,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("warn"),
    ),
  })
  .superRefine((config, context) => {
    const problem = (path: string, message: string) =>
      context.addIssue({ code: "custom", path: [path], message });
    const alpacaKeys = [config.APCA_API_KEY_ID, config.APCA_API_SECRET_KEY];
    if (alpacaKeys.filter(Boolean).length === 1) {
      problem(
        config.APCA_API_KEY_ID ? "APCA_API_SECRET_KEY" : "APCA_API_KEY_ID",
        "Alpaca needs both APCA_API_KEY_ID and APCA_API_SECRET_KEY",
      );
    }
    if (config.MARKET_DATA_PROVIDER === "alpaca" && !alpacaKeys.every(Boolean)) {
      problem(
        "MARKET_DATA_PROVIDER",
        "alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY (from app.alpaca.markets)",
      );
    }
    if ((config.LLM_BASE_URL || config.LLM_API_KEY) && !config.LLM_MODEL)
      problem(
        "LLM_MODEL",
        "name the model to use with LLM_BASE_URL/LLM_API_KEY, e.g. gpt-4o-mini or llama3.1",
      );
    if (config.LLM_MODEL && !config.LLM_BASE_URL && !config.LLM_API_KEY)
      problem(
        "LLM_MODEL",
        "set LLM_API_KEY (OpenAI) or LLM_BASE_URL (a local OpenAI-compatible server) too",
      );
    if (config.MCP_APPROVER && !config.APPROVERS.includes(config.MCP_APPROVER))
      problem(
        "MCP_APPROVER",
        `${config.MCP_APPROVER} must also be listed in APPROVERS (now ${config.APPROVERS.join(", ")})`,
      );
    if (config.BROKER === "alpaca-paper" && !alpacaKeys.every(Boolean))
      problem(
        "BROKER",
        "alpaca-paper needs APCA_API_KEY_ID and APCA_API_SECRET_KEY (paper keys from app.alpaca.markets)",
      );
    if (config.BROKER === "alpaca-live") {
      if (!config.ALPACA_LIVE_KEY_ID || !config.ALPACA_LIVE_SECRET_KEY)
        problem(
          "BROKER",
          "alpaca-live needs its own keys: ALPACA_LIVE_KEY_ID and ALPACA_LIVE_SECRET_KEY (paper keys never trade live)",
        );
      if (config.ALPHADESK_ALLOW_LIVE !== "yes")
        problem("BROKER", "alpaca-live trades real money: also set ALPHADESK_ALLOW_LIVE=yes");
      if (!alpacaKeys.every(Boolean))
        problem(
          "BROKER",
          "alpaca-live checks orders against Alpaca's last trades: set APCA_API_KEY_ID and APCA_API_SECRET_KEY for market data",
        );
    }
    if (config.PAPER_PRICES === "live" && !alpacaKeys.every(Boolean))
      problem(
        "PAPER_PRICES",
        "live fills paper orders from Alpaca's live minute bars: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or use replay",
      );
    if ((config.EMBEDDING_BASE_URL || config.EMBEDDING_API_KEY) && !config.EMBEDDING_MODEL)
      problem(
        "EMBEDDING_MODEL",
        "name the embeddings model to use with EMBEDDING_BASE_URL/EMBEDDING_API_KEY, e.g. text-embedding-3-small or nomic-embed-text",
      );
    if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN)
      problem(
        "SLACK_SIGNING_SECRET",
        "Slack needs SLACK_SIGNING_SECRET (HTTP events, verified) or SLACK_APP_TOKEN (Socket Mode); Alphadesk never takes unverified Slack requests",
      );
    if ((config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN) && !config.SLACK_BOT_TOKEN)
      problem("SLACK_BOT_TOKEN", "Slack needs the bot token (xoxb-...) to answer in channels");
    if (config.SLACK_DIGEST_CHANNEL && !config.SLACK_BOT_TOKEN)
      problem("SLACK_DIGEST_CHANNEL", "posting the digest to Slack needs SLACK_BOT_TOKEN");
    if (config.DISCORD_DIGEST_CHANNEL && !config.DISCORD_TOKEN)
      problem("DISCORD_DIGEST_CHANNEL", "posting the digest to Discord needs DISCORD_TOKEN");
    if (config.TRADINGVIEW_SLACK_CHANNEL && !config.SLACK_BOT_TOKEN)
      problem("TRADINGVIEW_SLACK_CHANNEL", "posting alerts to Slack needs SLACK_BOT_TOKEN");
    if (config.TRADINGVIEW_DISCORD_CHANNEL && !config.DISCORD_TOKEN)
      problem("TRADINGVIEW_DISCORD_CHANNEL", "posting alerts to Discord needs DISCORD_TOKEN");
    for (const key of ["TRADINGVIEW_SLACK_CHANNEL", "TRADINGVIEW_DISCORD_CHANNEL"] as const)
      if (config[key] && !config.TRADINGVIEW_WEBHOOK_SECRET)
        problem(key, "alerts arrive only with TRADINGVIEW_WEBHOOK_SECRET set");
    if ((config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY) && !config.DISCORD_APPLICATION_ID)
      problem(
        "DISCORD_APPLICATION_ID",
        "Discord needs the application id (Developer Portal, General Information)",
      );
    if (config.MARKET_DATA_PROVIDER === "polygon" && !config.POLYGON_API_KEY)
      problem("MARKET_DATA_PROVIDER", "polygon needs POLYGON_API_KEY (from polygon.io)");
  });

/** Risk limits as JSON (engine/risk RiskLimits fields), checked and clamped to the hard limits. */
function parseRiskLimits(text: string, context: z.RefinementCtx): Partial<RiskLimits> {
  try {
    const limits = JSON.parse(text) as Partial<RiskLimits>;
    effectiveLimits(limits);
    return limits;
  } catch (error) {
    context.addIssue({
      code: "custom",
      message: `must be a JSON object of risk limits such as {"maxOrderNotional":5000}: ${(error as Error).message}`,
    });
    return z.NEVER;
  }
}

/**
 * The keyring that seals secrets at rest, as a SecretBox (which never prints its keys). Problems
 * name the entry and the key id, never the key.
 */
function parseSecretKeys(text: string, context: z.RefinementCtx): SecretBox {
  try {
    return new SecretBox(parseKeyring(text, "the value"));
  } catch (error) {
    context.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
}

/** A comma-separated list of browser origins (scheme://host[:port]); "null" is never one. */
function parseOrigins(text: string, context: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const entry of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (origin === undefined || origin === "null" || origin !== entry.replace(/\/$/, "")) {
      context.addIssue({
        code: "custom",
        message: `"${entry}" is not an origin such as http://localhost:6274 (scheme, host and port only; "null" is never allowed)`,
      });
    } else origins.push(origin);
  }
  return origins;
}

export type Config = z.output<typeof ConfigSchema>;

/** Every variable Alphadesk reads; .env.example and the README document each one. */
export const configKeys = Object.keys(ConfigSchema.shape);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** One parse of the environment; reports every problem at once. Empty strings count as unset. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(environment);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
  );
}
