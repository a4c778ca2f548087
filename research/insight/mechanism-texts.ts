import type { Mechanism } from "./mechanisms.ts";
import type { Voice } from "./voice.ts";

/** How one mechanism is explained: the same words every time it is met. */
export interface MechanismText {
  name: string;
  /** What inefficiency it exploits. */
  exploits: string;
  /** Why that inefficiency exists. */
  why: string;
  works: string;
  fails: string;
  risks: string;
  /** One sentence for a mechanism that only supports the main one (a filter, say). */
  supports: string;
}

/**
 * The explanation of each mechanism in each voice. No digits here: every number an explanation
 * shows comes from its facts. The plain texts use no trading terms (jargon-free mode uses them).
 */
export const mechanismTexts: Record<Mechanism, Record<Voice, MechanismText>> = {
  trend_following: {
    plain: {
      name: "riding the trend",
      exploits:
        "Prices that have been rising for weeks or months tend to keep rising for a while, and falling ones tend to keep falling. The strategy tries to be in the market while the longer direction is up and out of it when the direction turns.",
      why: "News reaches people slowly, many investors react late or copy each other, and big investors buy and sell over long stretches. So price moves come in long waves rather than single jumps.",
      works:
        "In markets with long, clear rises or falls: a steady rising market, or a long slide where being out of the market saves money.",
      fails:
        "In markets that go sideways and change direction often: it buys after a rise, the price turns, it sells at a loss, and this repeats.",
      risks:
        "It is always late: it gets in after part of a rise and out after part of a fall, and a sudden crash can hit before it reacts.",
      supports: "It also checks the longer direction of the price, to stay out of long falls.",
    },
    standard: {
      name: "trend following",
      exploits:
        "Trend persistence: assets in an established uptrend tend to continue. The rules hold positions while the price, or a fast moving average, is above a slower moving average.",
      why: "Under-reaction to news, herding and slow institutional rebalancing spread information into prices over weeks or months rather than at once.",
      works:
        "Persistent trending markets, bull markets and prolonged sell-offs, where staying out of the decline cuts the drawdown.",
      fails:
        "Range-bound, choppy markets produce whipsaws: repeated small losses from false signals.",
      risks:
        "Lag: signals arrive after the turn, so sharp reversals and gaps are absorbed before the exit, and returns depend on a few large trends.",
      supports: "A trend filter keeps it trading with the longer trend only.",
    },
    expert: {
      name: "trend following (time-series momentum)",
      exploits:
        "Positive autocorrelation of returns over medium horizons (time-series momentum, Moskowitz, Ooi and Pedersen); moving-average rules are a low-pass estimate of the trend's sign.",
      why: "Under-reaction followed by delayed overreaction (Hong and Stein), herding and hedging demand; part of the premium pays for crash risk at trend reversals.",
      works:
        "Trending regimes with large, persistent moves; historically strong in prolonged crises, when trends persist.",
      fails:
        "Mean-reverting, trendless regimes, where whipsaw costs scale with turnover and signal noise.",
      risks:
        "Giveback at reversals from signal lag, dependence on a few outlier trends, sensitivity to the lookbacks, and crowding.",
      supports: "A trend filter conditions entries on the sign of the longer trend.",
    },
  },
  momentum: {
    plain: {
      name: "following strength",
      exploits:
        "Things that have gone up recently tend to keep going up for a little while longer, and weak ones tend to stay weak. The strategy acts on what has just shown strength.",
      why: "People take time to digest good or bad news, and once a move starts others notice it and join in, pushing it further.",
      works:
        "When moves keep going once they start, for example after good news or during a strong rally.",
      fails:
        "When the market turns sharply, especially just after a fall, when the weakest things bounce back hardest.",
      risks: "A sudden turn can take back weeks of gains in a few days.",
      supports: "It also asks for recent strength before acting.",
    },
    standard: {
      name: "momentum",
      exploits:
        "Return continuation: recent winners keep outperforming for a while. The rules enter when a rate of change, an oscillator or a price change signals strength.",
      why: "Investors under-react to news and then chase it; analysts revise slowly; money follows performance.",
      works: "Steady markets with persistent moves.",
      fails: "Sharp rebounds after sell-offs (momentum crashes), when the laggards rally hardest.",
      risks: "Crash risk at turning points, and turnover that makes costs matter.",
      supports: "A momentum condition asks for recent strength.",
    },
    expert: {
      name: "momentum",
      exploits:
        "Return continuation at short to medium horizons (Jegadeesh and Titman; the time-series variant of Moskowitz, Ooi and Pedersen): the sign of the recent return predicts the next.",
      why: "Under-reaction to information, anchoring, the disposition effect and feedback trading.",
      works: "Calm, trending regimes with persistent moves.",
      fails:
        "Rebounds after market stress: momentum crashes (Daniel and Moskowitz) cluster after bear markets in high-volatility states.",
      risks: "Negative skewness, crash risk, turnover-driven cost drag and crowding.",
      supports: "A momentum condition conditions entries on the recent return's sign.",
    },
  },
  mean_reversion: {
    plain: {
      name: "buying dips that bounce back",
      exploits:
        "After a quick fall, prices often bounce part of the way back, and after a quick rise they often slip back. The strategy acts against the quick move and gets out once the price is back to normal.",
      why: "Quick moves are often caused by someone who had to buy or sell in a hurry, or by people overreacting to news. Once that pressure passes, the price tends to return.",
      works: "In calm, sideways markets where prices wander around a steady level.",
      fails:
        "When a fall is the start of a real decline, for example after news that changes what the thing is worth: the price keeps falling and does not come back.",
      risks:
        "Many small wins can be wiped out by one big loss when the bounce never comes, more so without a limit on losses.",
      supports: "It also waits for a dip, so it buys cheaper.",
    },
    standard: {
      name: "mean reversion",
      exploits:
        "Short-term overreaction: prices stretched far from their recent average (a low RSI, far below a band or a moving average) tend to revert. The rules buy weakness and exit near the mean.",
      why: "Hurried or forced trading and overreaction to news push prices beyond fair value for a while; those who absorb that trading are paid for it.",
      works: "Range-bound, low-trend markets with stable fundamentals.",
      fails:
        "Strong trends and regime changes, when an oversold market keeps falling (catching a falling knife).",
      risks:
        "Negative skew: a high win rate with occasional large losses, worse without a stop loss.",
      supports: "A mean-reversion condition waits for a pullback before entering.",
    },
    expert: {
      name: "mean reversion (short-term reversal)",
      exploits:
        "Negative short-horizon autocorrelation (short-term reversal: Jegadeesh; Lo and MacKinlay): deviations from a local mean decay.",
      why: "Compensation for liquidity provision and inventory risk (Nagel), plus overreaction (De Bondt and Thaler).",
      works:
        "Low-trend, liquid regimes; the premium rises with market-wide volatility and liquidity stress.",
      fails: "Trending regimes and information-driven moves, where deviations are permanent.",
      risks:
        "A short-volatility payoff: negative skew and a fat left tail, drawdowns clustered in stress, sensitivity to costs and to stop placement.",
      supports: "A reversal condition times entries on pullbacks.",
    },
  },
  breakout: {
    plain: {
      name: "the price escaping its recent range",
      exploits:
        "When a price pushes past its highest (or lowest) level of recent weeks, new buyers (or sellers) have often arrived and the move keeps going. The strategy acts when the price breaks out of its recent range.",
      why: "Many traders watch the same highs and lows; when the price gets past them, waiting buyers and people forced to close their bets all act at once.",
      works: "When a quiet period ends with a big, lasting move, for example on important news.",
      fails:
        "When the breaks are false: the price pokes out of the range and falls right back, again and again.",
      risks:
        "Many small losses from false breaks; the gains come from a few big moves, so it needs patience.",
      supports: "It also looks for the price escaping its recent range.",
    },
    standard: {
      name: "breakout",
      exploits:
        "Range expansion: a close beyond the recent high or low (a Donchian channel, a Bollinger band, a rolling high) signals the start of a directional move.",
      why: "Stop orders and pending orders cluster at visible levels, and information builds up during quiet periods and is released at once.",
      works: "Moves from low to high volatility with follow-through, and trending markets.",
      fails: "Range-bound markets with many false breakouts that reverse into the channel.",
      risks: "A low win rate, losing streaks, and slippage at the breakout level.",
      supports: "A breakout condition asks for a move beyond the recent range.",
    },
    expert: {
      name: "breakout (channel and volatility expansion)",
      exploits:
        "Conditional trend persistence after range expansion; channel rules (Donchian, the turtle rules) are a trend filter triggered at extremes.",
      why: "Order clustering at support and resistance (Osler), volatility clustering, and the release of information after compression.",
      works: "Volatility expansion phases and trending regimes.",
      fails:
        "Mean-reverting, low-volatility regimes and crowded levels where false breaks are common.",
      risks:
        "Positive skew with a low hit rate, long drawdowns between trends, and execution slippage at the trigger.",
      supports: "A channel condition conditions entries on range expansion.",
    },
  },
  volatility: {
    plain: {
      name: "watching how wildly prices swing",
      exploits:
        "Calm markets and wild markets behave differently. The strategy only acts when prices swing in the way it prefers, calmly or wildly.",
      why: "Calm and wild periods tend to last, and in wild periods prices tend to fall more than people expect while gains are not much bigger.",
      works: "When calm or wild periods last, so the rule stays in the right state for a while.",
      fails: "When the market switches suddenly from calm to wild, before the rule can react.",
      risks: "A calm period can end overnight; the rule reacts only after the swings have grown.",
      supports: "It also checks how wildly prices swing, and acts only in the state it prefers.",
    },
    standard: {
      name: "volatility regime",
      exploits:
        "Volatility clustering: returns per unit of risk differ between calm and turbulent regimes, so conditioning on realized volatility or ATR changes the trade-off.",
      why: "Volatility is persistent while expected returns do not rise one for one with it, so risk-adjusted returns fall in turbulent regimes.",
      works: "Persistent regimes, where the signal's state stays right for weeks.",
      fails: "Abrupt volatility shocks, which arrive before the measure catches up.",
      risks: "Lagging estimates, whipsaw around the threshold, and exposure to sudden jumps.",
      supports: "A volatility condition limits entries to the regime it prefers.",
    },
    expert: {
      name: "volatility regime (volatility management)",
      exploits:
        "Volatility clustering and the weak risk-return trade-off over time (Moreira and Muir, volatility-managed portfolios).",
      why: "Persistent conditional variance whose expected return does not scale with it; the leverage effect and risk-averse deleveraging.",
      works:
        "Persistent volatility states, where conditioning on them improves risk-adjusted returns.",
      fails: "Jumps and fast regime shifts that realized measures detect late.",
      risks: "Estimation lag, threshold sensitivity and turnover around the cut-off.",
      supports: "A volatility condition conditions entries on the volatility state.",
    },
  },
  seasonality: {
    plain: {
      name: "the calendar",
      exploits:
        "Some days of the week, or the days around the turn of the month, have been better than others in the past. The strategy only holds on those days.",
      why: "Money arrives on a schedule: salaries and pension savings are invested around the start of the month, and many funds buy or sell at set times.",
      works: "When the habits of big investors stay the same year after year.",
      fails:
        "When the pattern was only chance in past prices, or so many traders use it that it disappears.",
      risks: "The gain per trade is small and easily eaten by trading costs, and it may just stop.",
      supports: "It also acts only on certain days of the calendar.",
    },
    standard: {
      name: "seasonality (calendar effect)",
      exploits:
        "Calendar anomalies: returns concentrated on certain weekdays or around the turn of the month.",
      why: "Scheduled flows (payroll contributions, index and fund rebalancing, window dressing) and settlement conventions.",
      works: "Stable flow patterns and low trading costs.",
      fails: "When the effect was data mining, or has been arbitraged away.",
      risks: "A small edge per trade, sensitivity to costs, and decay after publication.",
      supports: "A calendar condition limits entries to certain days.",
    },
    expert: {
      name: "calendar anomaly",
      exploits: "Turn-of-the-month and day-of-week effects (Ariel; Lakonishok and Smidt; French).",
      why: "Flow timing: payroll-driven inflows, institutional rebalancing and settlement cycles.",
      works: "Markets dominated by scheduled flows, with low execution costs.",
      fails:
        "Decay after publication (McLean and Pontiff), and effects that were artefacts of multiple testing.",
      risks: "A thin edge per trade, highly sensitive to costs and to the exact day definitions.",
      supports: "A calendar condition restricts entries to given days.",
    },
  },
  gap: {
    plain: {
      name: "jumps between one day's close and the next day's open",
      exploits:
        "When a price opens much higher or lower than it closed the day before, what happens next has often been predictable: the jump either keeps going or partly reverses.",
      why: "News arrives overnight, and the first traders at the open often overreact or underreact before the rest of the market catches up.",
      works: "When overnight news is frequent and the market reacts to it in a consistent way.",
      fails:
        "When the jump reflects real new information that the price keeps, or the pattern flips.",
      risks:
        "It trades at the next open, after the jump, so part of the move is already gone, and a big jump can blow through any limit on losses.",
      supports: "It also looks at the jump between the close and the next open.",
    },
    standard: {
      name: "overnight gap",
      exploits:
        "Continuation or fading of opening gaps larger than a multiple of the average true range.",
      why: "Overnight information, and the tug of war between overnight and intraday traders.",
      works: "Markets with frequent overnight news and consistent opening behaviour.",
      fails: "When gaps are permanent repricings, or the follow-or-fade sign flips.",
      risks: "Gap risk through stops, and execution at the open.",
      supports: "A gap condition conditions entries on the opening gap.",
    },
    expert: {
      name: "overnight gap (overnight versus intraday returns)",
      exploits:
        "Predictability of returns after large opening gaps (Branch and Ma; Lou, Polk and Skouras on overnight versus intraday returns).",
      why: "Clienteles that trade at different times of day, and overnight information absorbed at the open.",
      works: "Markets with strong overnight information flow and consistent opening auctions.",
      fails: "When gaps are information-driven repricings, or the clienteles change.",
      risks: "Execution at the open, gap-through of stops, and unstable signs of the effect.",
      supports: "A gap condition conditions entries on the overnight return.",
    },
  },
  volume: {
    plain: {
      name: "how much is being traded",
      exploits:
        "Price moves that come with heavy trading are more often real than moves on light trading. The strategy checks how much is being traded before it acts.",
      why: "Heavy trading shows that many people, big investors among them, are behind the move.",
      works: "When big investors drive the moves.",
      fails: "When heavy trading comes from one-off events, such as changes to a market index.",
      risks: "How much is traded says little about the direction; it only confirms.",
      supports: "It also checks that enough is being traded.",
    },
    standard: {
      name: "volume confirmation",
      exploits: "Moves on above-average volume are more likely to persist.",
      why: "Volume reveals participation and informed trading.",
      works: "Liquid markets where volume carries information.",
      fails: "Volume spikes from mechanical flows (index rebalancing, expiries).",
      risks: "A filter rather than an edge of its own; it cuts the number of trades.",
      supports: "A volume filter asks for above-average participation.",
    },
    expert: {
      name: "volume conditioning",
      exploits:
        "Price-volume interaction (Lee and Swaminathan; the high-volume return premium of Gervais, Kaniel and Mingelgrin).",
      why: "Volume proxies for information flow and investor attention.",
      works: "Liquid markets where abnormal volume signals information.",
      fails: "Mechanical volume (index events, expiries, rebalancing).",
      risks: "Weak on its own; it mostly changes the trade count and timing.",
      supports: "A volume condition conditions entries on abnormal participation.",
    },
  },
  always_in: {
    plain: {
      name: "staying invested",
      exploits:
        "It does not try to time the market: it buys and holds, and earns what the market earns over time.",
      why: "Over long periods, owners of shares and similar assets are paid for carrying the risk of losses along the way.",
      works: "Over long periods in markets that grow.",
      fails: "In long falls: it rides every decline all the way down.",
      risks: "It takes the full fall of the market in a crash.",
      supports: "It stays invested whatever the signals say.",
    },
    standard: {
      name: "buy and hold",
      exploits: "The asset's risk premium, with full exposure and no timing.",
      why: "Investors demand compensation for bearing market risk.",
      works: "Long horizons in assets with a positive risk premium.",
      fails: "Prolonged bear markets.",
      risks: "The full market drawdown, with no risk control.",
      supports: "The position is held throughout.",
    },
    expert: {
      name: "passive exposure (beta)",
      exploits: "The equity (or asset) risk premium through constant exposure.",
      why: "Compensation for systematic risk.",
      works: "Long horizons with a positive premium.",
      fails: "Secular bear markets and long recoveries.",
      risks: "Full beta to market drawdowns; no timing or hedging.",
      supports: "Constant exposure throughout.",
    },
  },
  unclassified: {
    plain: {
      name: "a custom rule",
      exploits:
        "Its rules do not match a well-known pattern, so what it profits from is not clear from the rules alone.",
      why: "No known reason is attached to these rules; its results on past prices are the only evidence.",
      works: "Only its results can tell.",
      fails: "Unknown: without a reason for the gain, a good result on past prices may be luck.",
      risks: "Treat its past results with extra care.",
      supports: "It also uses conditions that match no well-known pattern.",
    },
    standard: {
      name: "custom logic",
      exploits: "The rules match no documented market anomaly.",
      why: "There is no economic rationale to lean on; only the statistics can support it.",
      works: "Only the evidence can tell.",
      fails: "Unknown; without a rationale, a good backtest is more likely to be overfitting.",
      risks: "Model risk: nothing but the data argues for the edge.",
      supports: "Other conditions match no documented anomaly.",
    },
    expert: {
      name: "unclassified",
      exploits: "No documented anomaly matches the rule structure.",
      why: "No economic prior; the evidence is purely statistical.",
      works: "Undetermined from the rules.",
      fails:
        "Undetermined; without a prior, the multiple-testing haircut should be large (deflated Sharpe ratio, PBO).",
      risks: "Model risk and data-mining bias.",
      supports: "Further conditions match no documented anomaly.",
    },
  },
};
