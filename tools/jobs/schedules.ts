import { marketStatus, type Market } from "../../engine/calendar/sessions.ts";
import type { Tool } from "../define-tool.ts";
import type { JobHandler, Schedule } from "../ports/queue.ts";
import { timeframes, type Store } from "../ports/store.ts";
import { toolJobName, type ToolJobData } from "./tool-job.ts";

/** A tool run on a timetable: only while its market is open, or at every slot without one. */
export interface ToolSchedule {
  id: string;
  cron: string;
  /** Runs only while this market is open; absent, every slot runs (as a plain tool job). */
  market?: Market;
  tool: string;
  input: unknown;
  /**
   * The job that runs it, when not the plain tool job (the digest is also posted); with `market`,
   * its handler keeps to the market's hours (`whileMarketOpen`), as the scheduled tool job does.
   */
  job?: string;
}

/** Runs research_digest and posts it to the configured chat channels (bin/ handles it). */
export const digestPostJobName = "research-digest-post";

/** Runs rebalance_portfolio and posts a proposal's card to the digest channels (bin/ handles it). */
export const rebalancePostJobName = "rebalance-post";

/** Runs fetch_bars over every stored symbol and timeframe where a market-data provider is configured. */
export const barsRefreshJobName = "bars-refresh";

/** Runs propose_strategy_orders and posts its orders' cards to the digest channels (bin/ handles it). */
export const strategyOrdersPostJobName = "strategy-orders-post";

/** Runs check_price_alerts and posts fired alerts to the configured chat channels (bin/ handles it). */
export const priceAlertsPostJobName = "price-alerts-post";

/** Every 15 minutes while NYSE is open, the correlation refresh and the market scan; every 15 minutes, the research sources that are due; each weekday morning, the digest; every minute, the price alerts; each evening, the stored daily bars; after each NYSE open, the strategies' orders; before each close, the rebalance check. */
export const toolSchedules: readonly ToolSchedule[] = [
  {
    id: "correlations-refresh",
    cron: "*/15 * * * 1-5",
    market: "NYSE",
    tool: "compute_correlations",
    input: {},
  },
  { id: "market-scan", cron: "*/15 * * * 1-5", market: "NYSE", tool: "scan_markets", input: {} },
  /**
   * Every 15 minutes, holidays and weekends included (news does not stop): the research sources
   * their own schedules call for (research/sources/source-schedule.ts; the starter feeds at 6:00
   * New York, before the morning digest), the starter list added to a database without any.
   */
  {
    id: "research-ingest",
    cron: "*/15 * * * *",
    tool: "ingest_research",
    input: { seedStarterSources: true, onlyDue: true },
  },
  /**
   * Weekdays at 7:00 New York time, an hour after the starter feeds are due, holidays included:
   * the morning digest of what came in since the previous one (research/tools/research-digest.ts).
   */
  {
    id: "research-digest",
    cron: "0 7 * * 1-5",
    tool: "research_digest",
    input: {},
    job: digestPostJobName,
  },
  /**
   * Every minute, whatever market is open (crypto never closes): the active price alerts against
   * the prices orders are checked with, fired ones posted to the digest channels.
   */
  {
    id: "price-alerts",
    cron: "* * * * *",
    tool: "check_price_alerts",
    input: {},
    job: priceAlertsPostJobName,
  },
  /**
   * Every evening at 20:30 New York time, weekends included (crypto trades on): each stored
   * symbol's bars brought up to date from the market-data provider, every timeframe the store
   * holds (`refreshStoredBars`), that day's bars final by then (tools/bars/fetch-bars.ts), so the
   * next day's scans, signals and alerts read them.
   */
  {
    id: "bars-refresh",
    cron: "30 20 * * *",
    tool: "fetch_bars",
    input: {},
    job: barsRefreshJobName,
  },
  /**
   * Each NYSE trading day at 15:30 New York time, half an hour before the close (an early-close
   * day's slot falls after it and is skipped): the newest portfolio checked for drift and
   * correlation regime changes, a rebalance proposed and posted when either crossed its threshold.
   * The worker also runs it right after a correlation refresh that stored a new regime change.
   */
  {
    id: "portfolio-rebalance",
    cron: "30 15 * * 1-5",
    market: "NYSE",
    tool: "rebalance_portfolio",
    input: {},
    job: rebalancePostJobName,
  },
  /**
   * Each NYSE trading day at 9:35 New York time, five minutes into the session: the orders each
   * paper or live strategy's rules call for at this open, from the closes the evening refresh
   * stored, posted for approval (an approval lasts APPROVAL_TTL_MINUTES, 15 by default).
   */
  {
    id: "strategy-orders",
    cron: "35 9 * * 1-5",
    market: "NYSE",
    tool: "propose_strategy_orders",
    input: {},
    job: strategyOrdersPostJobName,
  },
];

export const scheduledJobName = "scheduled-tool";

export interface ScheduledToolData extends ToolJobData {
  market: Market;
}

/** The queue schedules for the tools the registry has (the others are skipped). */
export function queueSchedules(tools: readonly Tool[]): Schedule[] {
  return toolSchedules
    .filter((entry) => tools.some((tool) => tool.name === entry.tool))
    .map((entry) => ({
      id: entry.id,
      cron: entry.cron,
      timeZone: "America/New_York",
      ...(entry.market
        ? {
            job: entry.job ?? scheduledJobName,
            data: { tool: entry.tool, input: entry.input, market: entry.market },
          }
        : { job: entry.job ?? toolJobName, data: { tool: entry.tool, input: entry.input } }),
    }));
}

/**
 * The evening bar refresh: the job's tool (fetch_bars over every stored symbol) once for each
 * timeframe the store holds, daily first, where a market-data provider is configured; elsewhere
 * each slot is skipped. The results by timeframe.
 */
export function refreshStoredBars(
  run: JobHandler<ToolJobData, unknown>,
  store: Pick<Store, "listSymbols">,
  configured: boolean,
): JobHandler<ToolJobData, unknown> {
  if (!configured)
    return async () => ({
      skipped:
        "no market-data provider is configured: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or POLYGON_API_KEY",
    });
  return async (data, job) => {
    const held = new Set((await store.listSymbols()).map((summary) => summary.timeframe));
    const results: Record<string, unknown> = {};
    for (const timeframe of [...timeframes].reverse().filter((each) => held.has(each)))
      results[timeframe] = await run(
        { ...data, input: { ...(data.input as object), timeframe } },
        job,
      );
    return results;
  };
}

/** Runs the tool only while its market is open; outside hours the slot is skipped. */
export function whileMarketOpen(
  run: JobHandler<ToolJobData, unknown>,
  now: () => number = Date.now,
): JobHandler<ScheduledToolData, unknown> {
  return async (data, job) => {
    if (!marketStatus(data.market, now()).open) return { skipped: `${data.market} is closed` };
    return run(data, job);
  };
}
