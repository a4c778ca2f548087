/**
 * The market behaviours research is sorted by. The names are research/insight/mechanisms.ts's
 * where both have one, so a document's mechanisms compare with a strategy's as plain strings;
 * `carry` is research's own (no strategy spec can express it yet).
 */
export const ResearchMechanism = {
  trendFollowing: "trend_following",
  meanReversion: "mean_reversion",
  momentum: "momentum",
  breakout: "breakout",
  volatility: "volatility",
  carry: "carry",
  seasonality: "seasonality",
} as const;
export type ResearchMechanism = (typeof ResearchMechanism)[keyof typeof ResearchMechanism];
export const researchMechanisms = Object.values(ResearchMechanism);

const anyWord = String.raw`[\w-]*`;

/**
 * The phrases that name each mechanism, case-insensitive. Bare words that news uses loosely are
 * not enough: "lost momentum", "market volatility", "a breakout year" and "seasonally adjusted"
 * name no strategy, so those words count only in the phrases that make them a mechanism.
 */
const phrases: Record<ResearchMechanism, RegExp> = {
  trend_following: new RegExp(
    String.raw`\btrend[- ]follow${anyWord}|\btime[- ]series momentum\b|\bmoving[- ]average cross${anyWord}|\b(?:golden|death) cross(?:es)?\b|\bmanaged futures\b`,
    "i",
  ),
  mean_reversion: new RegExp(
    String.raw`\bmean[- ]revert${anyWord}|\bmean[- ]reversion\b|\breverts? to (?:the|its) mean\b|\bover(?:sold|bought)\b|\bpairs trad${anyWord}|\bstatistical arbitrage\b`,
    "i",
  ),
  momentum: new RegExp(
    String.raw`\b(?:price|cross[- ]sectional|relative|industry|factor|(?:one|three|six|twelve|1|3|6|12)[- ]month) momentum\b|\bmomentum (?:strateg${anyWord}|factor|stocks?|investing|investors?|trad${anyWord}|crash${anyWord}|premium|portfolios?|effect|anomaly|signals?|returns?)\b`,
    "i",
  ),
  breakout: new RegExp(
    String.raw`\b(?:channel|range|price|volatility|donchian|52-week high) break[- ]?outs?\b|\bbreak[- ]?out (?:strateg${anyWord}|trad${anyWord}|systems?|signals?|entr(?:y|ies))\b|\bdonchian\b|\bturtle trad${anyWord}`,
    "i",
  ),
  volatility: new RegExp(
    String.raw`\blow[- ]vol(?:atility)?\b|\bvolatility[- ](?:target${anyWord}|managed|scal${anyWord}|risk premium|regimes?|squeeze|selling|timing|anomaly|breakouts?)\b|\b(?:short|long|selling|sell|buying) volatility\b|\bVIX\b`,
    "i",
  ),
  carry: new RegExp(
    String.raw`\bcarry (?:trades?|trading|strateg${anyWord}|premium|factor|returns?)\b|\b(?:fx|currency|currencies|bond|commodity|roll|futures) carry\b|\bearn(?:s|ed|ing)? (?:the )?carry\b`,
    "i",
  ),
  seasonality: new RegExp(
    String.raw`\bseasonality\b|\bseasonal (?:patterns?|effects?|trades?|strateg${anyWord}|anomal${anyWord})|\bcalendar (?:effects?|anomal${anyWord})|\bturn[- ]of[- ](?:the[- ])?month\b|\bjanuary effect\b|\bsell in may\b|\bday[- ]of[- ]the[- ]week effect\b|\bsanta claus rally\b`,
    "i",
  ),
};

/** The mechanisms `text` names, in `researchMechanisms` order. Reads only: nothing in it is followed. */
export function findMechanisms(text: string): ResearchMechanism[] {
  return researchMechanisms.filter((mechanism) => phrases[mechanism].test(text));
}
