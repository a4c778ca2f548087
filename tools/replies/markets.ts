import { count, signed, utc } from "./format.ts";

interface CurrencyStrengthOutput {
  asOf: string;
  horizon: number;
  ranking: { currency: string; score: number; rank: number }[];
}

/** currency_strength: the eight currencies strongest first, each against an equal basket. */
export function describeCurrencyStrength(result: CurrencyStrengthOutput): string {
  const ranked = [...result.ranking].sort((a, b) => a.rank - b.rank);
  return [
    `Currency strength over ${result.horizon} bars to ${result.asOf.slice(0, 10)}, strongest first (log return against an equal-weighted basket):`,
    ranked.map((row) => `${row.currency} ${signed(row.score)}`).join(", "),
  ].join("\n");
}

type CalendarOutput =
  | { market: string; at: string; open: boolean; nextOpen: string; nextClose: string }
  | {
      market: string;
      sessions: { date: string; open: string; close: string; earlyClose: boolean }[];
    };

/** market_calendar: open or not and until when, or the sessions of a range. */
export function describeCalendar(result: CalendarOutput): string {
  if ("at" in result)
    return result.open
      ? `${result.market} is open at ${utc(result.at)}; it closes at ${utc(result.nextClose)}.`
      : `${result.market} is closed at ${utc(result.at)}; it opens at ${utc(result.nextOpen)} and closes at ${utc(result.nextClose)}.`;
  const { sessions } = result;
  if (sessions.length === 0) return `${result.market} has no session in that range.`;
  const early = sessions.filter((session) => session.earlyClose);
  return [
    `${result.market}: ${count(sessions.length, "session")} from ${sessions[0]!.date} to ${sessions.at(-1)!.date}${early.length > 0 ? `; early closes on ${early.map((session) => session.date).join(", ")}` : ""}.`,
  ].join("\n");
}

interface RotationOutput {
  asOf: string;
  benchmark: string;
  horizons: { horizonBars: number; ranks: { symbol: string; relativeStrength: number }[] }[];
  quadrants: { symbol: string; quadrant: string }[];
  signals: { description: string }[];
}

/** sector_rotation: the leaders per horizon, the quadrants, and the rotation signals. */
export function describeRotation(result: RotationOutput): string {
  const lines = [
    `Sector strength against ${result.benchmark} to ${result.asOf.slice(0, 10)}, strongest first:`,
  ];
  for (const horizon of result.horizons)
    lines.push(
      `- ${horizon.horizonBars} bars: ${horizon.ranks
        .map((row) => `${row.symbol} ${signed(row.relativeStrength, 1)}`)
        .join(", ")}`,
    );
  const byQuadrant = new Map<string, string[]>();
  for (const row of result.quadrants)
    byQuadrant.set(row.quadrant, [...(byQuadrant.get(row.quadrant) ?? []), row.symbol]);
  lines.push(
    `Quadrants: ${[...byQuadrant].map(([quadrant, symbols]) => `${quadrant} ${symbols.join(", ")}`).join("; ")}.`,
  );
  lines.push(...result.signals.map((signal) => `Signal: ${signal.description}.`));
  return lines.join("\n");
}
