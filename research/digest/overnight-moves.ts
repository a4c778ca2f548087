import { formatDay } from "../../engine/calendar/civil-date.ts";
import { newYorkDay } from "../../engine/calendar/new-york-time.ts";
import { sessionOn, type Market, type Session } from "../../engine/calendar/sessions.ts";
import { marketOf } from "../../tools/bars/market-of.ts";
import type { Store } from "../../tools/ports/store.ts";
import { rankedSection, type DigestScope } from "./digest-scope.ts";
import type { MoveItem } from "./digest-schema.ts";

const dayMs = 86_400_000;
/** How far back the last two daily bars are looked for: older ones count as missing. */
const lookbackDays = 31;

/** The latest session of `market` that closed at or before `atMs`. */
export function latestClosedSession(market: Market, atMs: number): Session {
  // A crypto day is a UTC date, which may be a day ahead of New York's.
  for (let day = newYorkDay(atMs) + 1; day > newYorkDay(atMs) - 15; day--) {
    const session = sessionOn(market, day);
    if (session && session.closeMs <= atMs) return session;
  }
  throw new RangeError(`no ${market} session closed in the two weeks before ${atMs}`);
}

type Move = Omit<MoveItem, "strategies" | "moreStrategies" | "actions">;

/**
 * A symbol's last daily close against the one before, from stored bars dated up to the latest
 * session of its market that closed by `untilMs` (a bar of a session still open is not a close).
 * Daily bars are dated by the UTC date of their session (tools/demo, vendor bars).
 */
async function overnightMove(
  store: Pick<Store, "requestBars">,
  symbol: string,
  untilMs: number,
  heldQuantity: number | null,
): Promise<Move> {
  const market = marketOf(symbol);
  const session = latestClosedSession(market, untilMs);
  const endMs = (session.day + 1) * dayMs - 1;
  const bars = await store.requestBars(symbol, "1d", {
    startMs: endMs - lookbackDays * dayMs,
    endMs,
  });
  const count = bars?.timestampMs.length ?? 0;
  const base = { symbol, latestSessionDate: formatDay(session.day), heldQuantity };
  if (!bars || count < 2) {
    return {
      ...base,
      status: "missing",
      lastClose: null,
      previousClose: null,
      changeRatio: null,
      lastBarDate: null,
      previousBarDate: null,
      note: `${count === 0 ? "no daily bar" : "one daily bar"} of ${symbol} is stored for the ${lookbackDays} days to ${base.latestSessionDate}: import bars to see its move`,
    };
  }
  const lastClose = bars.close[count - 1]!;
  const previousClose = bars.close[count - 2]!;
  const lastDay = Math.floor(bars.timestampMs[count - 1]! / dayMs);
  const stale = lastDay < session.day;
  return {
    ...base,
    status: stale ? "stale" : "fresh",
    lastClose,
    previousClose,
    changeRatio: (lastClose - previousClose) / previousClose,
    lastBarDate: formatDay(lastDay),
    previousBarDate: formatDay(Math.floor(bars.timestampMs[count - 2]! / dayMs)),
    ...(stale
      ? {
          note: `the last stored daily bar of ${symbol} is ${formatDay(lastDay)}, older than the latest ${market} session (${base.latestSessionDate}): this move is not last night's`,
        }
      : {}),
  };
}

const statusOrder: Record<MoveItem["status"], number> = { fresh: 0, stale: 1, missing: 2 };

/** Fresh moves first, then stale ones, each biggest first; missing ones last, by symbol. */
function byMoveSize(a: MoveItem, b: MoveItem): number {
  return (
    statusOrder[a.status] - statusOrder[b.status] ||
    Math.abs(b.changeRatio ?? 0) - Math.abs(a.changeRatio ?? 0) ||
    (a.symbol < b.symbol ? -1 : 1)
  );
}

/** Every symbol the desk's strategies trade or its positions hold, with its last move. */
export async function movesSection({ store, window, desk, positions, maxItems }: DigestScope) {
  const held = positions.quantities;
  const symbols = [...new Set([...desk.symbols(), ...held.keys()])].sort();
  const moves: MoveItem[] = [];
  for (const symbol of symbols) {
    const move = await overnightMove(store, symbol, window.untilMs, held.get(symbol) ?? null);
    moves.push({ ...move, ...desk.trading([symbol]) });
  }
  moves.sort(byMoveSize);
  return rankedSection("overnight_moves", "Overnight moves", moves, maxItems, [
    ...(symbols.length === 0
      ? [`No strategy${positions.problem ? "" : " or position"} gives a symbol to watch.`]
      : []),
    ...statusNote(moves, "stale", "Bars are stale for"),
    ...statusNote(moves, "missing", "No recent daily bars are stored for"),
    ...(positions.problem ? [`Positions are not included: ${positions.problem}.`] : []),
  ]);
}

function statusNote(moves: readonly MoveItem[], status: MoveItem["status"], lead: string) {
  const symbols = moves.filter((move) => move.status === status).map((move) => move.symbol);
  return symbols.length === 0 ? [] : [`${lead} ${symbols.join(", ")}.`];
}
