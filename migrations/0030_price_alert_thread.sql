-- The conversation a price alert was set in (the agent's thread id, e.g.
-- slack:T1:C1:1700000000.0001), so the worker posts it there when it fires; null outside a
-- conversation (the command line, an MCP client), which the digest channels get instead.

ALTER TABLE price_alerts ADD COLUMN thread text;
