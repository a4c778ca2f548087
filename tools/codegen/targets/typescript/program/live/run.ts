import { formatDay } from "../../../../../../engine/calendar/civil-date.ts";
import { newYorkDay, newYorkToUtc } from "../../../../../../engine/calendar/new-york-time.ts";
import { sessionOn, type Session } from "../../../../../../engine/calendar/sessions.ts";
import type { CompiledStrategy } from "../strategy.ts";
import { AlpacaClient, BrokerAccessError, type MarketClock } from "./alpaca.ts";
import { runCycle } from "./cycle.ts";
import type { Logger } from "./log.ts";
import type { LiveSettings } from "./settings.ts";

const minuteMs = 60_000;
/** Alpaca takes opening-auction (opg) orders from 19:00 New York time until 09:28 before the open. */
const auctionOrdersFromHour = 19;
const auctionCutoffMs = 2 * minuteMs;
/** After the open, fills of opening-auction orders are in: time to protect them. */
const protectAfterOpenMs = 5 * minuteMs;
const retryAfterFailureMs = 5 * minuteMs;

/** What is due at a moment: judging signals (and protecting fills), or only protecting, and when to look again. */
export interface DueWork {
  judgeSignals: boolean;
  session: Session;
  nextWakeMs: number;
  /** Why signals are not judged now, when they are not. */
  waiting?: string;
}

/**
 * Runs cycles as the market calendar makes them due: signals after each session closes (from
 * 19:00 New York time, when Alpaca accepts orders for the next opening auction), protective
 * orders for fresh fills a few minutes after each open. With `once`, one cycle now. Returns the
 * exit code with `once`: 0, or 1 when an order was refused or its outcome is unknown (the log says
 * which); throws when Alpaca refuses the keys, and with `once` when the cycle failed.
 */
export async function runLive(
  strategy: CompiledStrategy,
  settings: LiveSettings,
  log: Logger,
  sleep: (ms: number) => Promise<void>,
): Promise<number> {
  const client = new AlpacaClient(settings, sleep);
  log.info("live_started", {
    strategy: strategy.name,
    specHash: strategy.specHash,
    generatorVersion: strategy.generatorVersion,
    account: settings.live ? "LIVE (real money)" : "paper",
    tradingUrl: settings.tradingUrl,
    dataUrl: settings.dataUrl,
    once: settings.once,
  });
  for (;;) {
    let wakeMs: number;
    let nowMs: number;
    let failedOrders: number;
    try {
      const clock = await client.clock();
      nowMs = clock.nowMs;
      const due = dueWork(clock);
      log.info("cycle_started", {
        session: formatDay(due.session.day),
        marketOpen: clock.isOpen,
        judgeSignals: due.judgeSignals,
        ...(due.waiting === undefined ? {} : { waiting: due.waiting }),
      });
      const cycle = { strategy, client, log, clock, ...due, failedOrders: 0 };
      await runCycle(cycle);
      failedOrders = cycle.failedOrders;
      log.info("cycle_done", {
        failedOrders,
        nextCycle: new Date(due.nextWakeMs).toISOString(),
      });
      wakeMs = due.nextWakeMs;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof BrokerAccessError || settings.once) {
        log.error("live_stopped", { reason: message });
        throw error;
      }
      log.error("cycle_failed", {
        reason: message,
        retryInMinutes: retryAfterFailureMs / minuteMs,
      });
      await sleep(retryAfterFailureMs);
      continue;
    }
    if (settings.once) return failedOrders > 0 ? 1 : 0;
    await sleep(Math.max(minuteMs, wakeMs - nowMs));
  }
}

/** The work due at the clock's time, by Alpaca's clock and the NYSE calendar. */
export function dueWork(clock: MarketClock): DueWork {
  const session = latestClosedSession(clock.nowMs);
  const opensMs = newYorkToUtc(session.day, auctionOrdersFromHour);
  const closesMs = clock.nextOpenMs - auctionCutoffMs;
  const afterOpenMs = clock.nextOpenMs + protectAfterOpenMs;
  if (!clock.isOpen && clock.nowMs >= opensMs && clock.nowMs < closesMs)
    return { judgeSignals: true, session, nextWakeMs: afterOpenMs };
  const waiting =
    "signals are judged from 19:00 New York time after a session closes until 09:28 before the next opens, when Alpaca accepts opening-auction orders";
  if (clock.isOpen) {
    const closingDay = newYorkDay(clock.nextCloseMs);
    return {
      judgeSignals: false,
      session,
      nextWakeMs: newYorkToUtc(closingDay, auctionOrdersFromHour),
      waiting,
    };
  }
  return {
    judgeSignals: false,
    session,
    nextWakeMs: clock.nowMs < opensMs ? opensMs : afterOpenMs,
    waiting,
  };
}

/** The latest NYSE session whose close is at or before `nowMs`. */
export function latestClosedSession(nowMs: number): Session {
  const today = newYorkDay(nowMs);
  for (let day = today; day > today - 30; day--) {
    const session = sessionOn("NYSE", day);
    if (session && session.closeMs <= nowMs) return session;
  }
  throw new RangeError(`no NYSE session in the 30 days before ${new Date(nowMs).toISOString()}`);
}
