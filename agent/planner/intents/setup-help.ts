import type { Intent } from "../intent.ts";

/** How to connect each thing, in the README's words: the variables and the command. */
const topics: [RegExp, string][] = [
  [
    /\b(?:broker|alpaca|live trading|real money|paper account)\b/,
    "Approved orders go where BROKER says: `paper` (the default, simulated on stored bars), `alpaca-paper` (Alpaca's paper account, with APCA_API_KEY_ID and APCA_API_SECRET_KEY) or `alpaca-live` (real money: ALPACA_LIVE_KEY_ID, ALPACA_LIVE_SECRET_KEY and ALPHADESK_ALLOW_LIVE=yes). Set them in the environment or `.env` and start again; every order still passes the risk gate and waits for a person's approval. README: \"Orders, approvals and the kill switch\".",
  ],
  [
    /\bslack\b/,
    'Create a Slack app (bot scopes commands, chat:write, files:write, app_mentions:read, im:history), then set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode), APPROVERS=slack:<your user id>, and run `npx alphadesk serve`. README: "Connecting Slack".',
  ],
  [
    /\bdiscord\b/,
    'Create a Discord application, then set DISCORD_APPLICATION_ID, DISCORD_TOKEN (and DISCORD_PUBLIC_KEY for the interactions endpoint), APPROVERS=discord:<your user id>, and run `npx alphadesk serve`. README: "Connecting Discord".',
  ],
  [
    /\b(?:claude|mcp|cursor|vs ?code|ide)\b/,
    'Alphadesk serves its tools over MCP: for Claude Desktop add {"command": "node", "args": ["<path>/bin/alphadesk.js", "mcp"]} under mcpServers in claude_desktop_config.json; Claude Code: `claude mcp add alphadesk -- node <path>/bin/alphadesk.js mcp`; over HTTP, MCP_TOKEN=... `npx alphadesk serve`. README: "Connecting Claude Desktop, Claude Code and IDEs (MCP)".',
  ],
  [
    /\b(?:language model|llm|openai|gpt|ollama|model|ai)\b/,
    'Set LLM_MODEL (e.g. gpt-4o-mini) with LLM_API_KEY for OpenAI, or LLM_BASE_URL for an OpenAI-compatible server such as Ollama (http://127.0.0.1:11434/v1); unset, I answer offline as now. README: "Configuration".',
  ],
  [
    /\b(?:market data|data provider|polygon|real data|live data|prices|bars)\b/,
    'Set APCA_API_KEY_ID and APCA_API_SECRET_KEY (Alpaca) or POLYGON_API_KEY (Polygon.io), then "fetch SPY bars since 2020" (`fetch_bars`); or import a CSV of bars (symbol,timestamp,open,high,low,close,volume) with `import_bars`. README: "Connecting a market-data provider".',
  ],
];

const asksHow =
  /\bhow (?:do|can|should|would) (?:i|we|you)\b.*\b(?:connect|set ?up|link|hook (?:up|in)|use|add|get|configure|install|plug in|enable|switch to|trade with|integrate)\b|^(?:connect|set ?up|configure|enable)(?: (?:my|a|an|the))? \S+$|\bcan (?:i|you) (?:connect|use|talk to|run (?:in|on))\b/;

/** "How do I connect my broker?", "how can I use this from Claude?", "set up Slack". */
export const setupHelp: Intent = {
  title: "how to connect something",
  tools: [],
  examples: ["how do I connect my broker?", "how do I use this in Slack?"],
  matches: ({ text }) => asksHow.test(text) && topics.some(([pattern]) => pattern.test(text)),
  plan: ({ text }) => ({
    kind: "answered",
    text: topics.find(([pattern]) => pattern.test(text))![1],
  }),
};
