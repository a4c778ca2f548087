import {
  createTradingViewEndpoint,
  type TradingViewEndpoint,
} from "../bots/webhooks/tradingview-endpoint.ts";
import { SqlWebhookAlertLog } from "../tools/adapters/sql/webhook-alerts.ts";
import { digestChannels } from "./digest-channels.ts";
import type { Runtime } from "./runtime.ts";

export const tradingViewPath = "/webhooks/tradingview";

/**
 * `serve`'s TradingView endpoint, when TRADINGVIEW_WEBHOOK_SECRET is set: alerts become proposed
 * orders, their cards posted to TRADINGVIEW_SLACK_CHANNEL / TRADINGVIEW_DISCORD_CHANNEL (default
 * the digest channels), where the chat faces' buttons decide them. `name` is its startup line.
 */
export function tradingViewRoute(
  runtime: Runtime,
): { handler: TradingViewEndpoint; name: string } | undefined {
  const { config } = runtime;
  if (!config.TRADINGVIEW_WEBHOOK_SECRET) return undefined;
  const context = runtime.contextFor("tradingview");
  const slack = config.TRADINGVIEW_SLACK_CHANNEL ?? config.SLACK_DIGEST_CHANNEL;
  const discord = config.TRADINGVIEW_DISCORD_CHANNEL ?? config.DISCORD_DIGEST_CHANNEL;
  // digestChannels builds a surface for each of these two keys (config requires their bot tokens).
  const channels = digestChannels(
    { ...config, SLACK_DIGEST_CHANNEL: slack, DISCORD_DIGEST_CHANNEL: discord },
    context.log,
  );
  const places = [...(slack ? [`Slack ${slack}`] : []), ...(discord ? [`Discord ${discord}`] : [])];
  const handler = createTradingViewEndpoint({
    secret: config.TRADINGVIEW_WEBHOOK_SECRET,
    context,
    alerts: new SqlWebhookAlertLog(runtime.sqlClient),
    channels,
    log: context.log,
  });
  const cards =
    places.length > 0
      ? `approval cards to ${places.join(" and ")}`
      : "no alert channel: approve with `alphadesk approve`";
  return { handler, name: `TradingView alerts at ${tradingViewPath} (${cards})` };
}
