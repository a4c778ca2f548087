import { IndicatorsSync } from "@ixjb94/indicators";
import fastTechnical from "fast-technical-indicators";
import * as indicatorts from "indicatorts";
import * as technical from "technicalindicators";
import * as tradingSignals from "trading-signals";
import { pathToFileURL } from "node:url";
import { atr, bollinger, ema, macd, rsi, sma } from "../engine/indicators/index.ts";
import { randomWalkBars } from "../engine/indicators/test-series.ts";
import {
  plainAtr,
  plainBollinger,
  plainEma,
  plainMacd,
  plainRsi,
  plainSma,
} from "./plain-loops.ts";
import { interleave, printRows, type BenchRow } from "./report.ts";

const bigLength = 1_000_000;
/** The npm libraries are 10-100x slower: they are timed on this many bars, with ours beside them. */
const peerLength = 100_000;

type Series = ReturnType<typeof randomWalkBars>;
interface Case {
  name: string;
  /** The columns a peer needs as JS arrays. */
  fields: (keyof Series)[];
  ours: (bars: Series) => unknown;
  plain: (bars: Series) => unknown;
  peers: Record<string, (arrays: Record<keyof Series, number[]>) => unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fast = fastTechnical as any;
const ix = new IndicatorsSync();

function cases(length: number): Case[] {
  const buffers = Array.from({ length: 3 }, () => new Float64Array(length));
  const [a, b, c] = buffers as [Float64Array, Float64Array, Float64Array];
  // trading-signals indicators are streaming: one update per bar (the second argument, replace, is false).
  const stream = <T>(
    create: () => { update(value: T, replace: boolean): unknown },
    values: T[],
  ) => {
    const indicator = create();
    for (const value of values) indicator.update(value, false);
  };
  return [
    {
      name: "SMA 20",
      fields: ["close"],
      ours: (s) => sma(s.close, 20, a),
      plain: (s) => plainSma(s.close, 20, a),
      peers: {
        technicalindicators: (x) => technical.SMA.calculate({ period: 20, values: x.close }),
        "trading-signals": (x) => stream(() => new tradingSignals.SMA(20), x.close),
        indicatorts: (x) => indicatorts.sma(x.close, { period: 20 }),
        "@ixjb94/indicators": (x) => ix.sma(x.close, 20),
        "fast-technical-indicators": (x) => fast.sma({ period: 20, values: x.close }),
      },
    },
    {
      name: "EMA 20",
      fields: ["close"],
      ours: (s) => ema(s.close, 20, a),
      plain: (s) => plainEma(s.close, 20, a),
      peers: {
        technicalindicators: (x) => technical.EMA.calculate({ period: 20, values: x.close }),
        "trading-signals": (x) => stream(() => new tradingSignals.EMA(20), x.close),
        indicatorts: (x) => indicatorts.ema(x.close, { period: 20 }),
        "@ixjb94/indicators": (x) => ix.ema(x.close, 20),
        "fast-technical-indicators": (x) => fast.ema({ period: 20, values: x.close }),
      },
    },
    {
      name: "RSI 14",
      fields: ["close"],
      ours: (s) => rsi(s.close, 14, a),
      plain: (s) => plainRsi(s.close, 14, a),
      peers: {
        technicalindicators: (x) => technical.RSI.calculate({ period: 14, values: x.close }),
        "trading-signals": (x) => stream(() => new tradingSignals.RSI(14), x.close),
        indicatorts: (x) => indicatorts.rsi(x.close, { period: 14 }),
        "@ixjb94/indicators": (x) => ix.rsi(x.close, 14),
        "fast-technical-indicators": (x) => fast.rsi({ period: 14, values: x.close }),
      },
    },
    {
      name: "Bollinger 20/2",
      fields: ["close"],
      ours: (s) => bollinger(s.close, 20, 2, { upper: a, middle: b, lower: c }),
      plain: (s) => plainBollinger(s.close, 20, 2, a, b, c),
      peers: {
        technicalindicators: (x) =>
          technical.BollingerBands.calculate({ period: 20, stdDev: 2, values: x.close }),
        "trading-signals": (x) => stream(() => new tradingSignals.BollingerBands(20, 2), x.close),
        indicatorts: (x) => indicatorts.bb(x.close, { period: 20 }),
        "@ixjb94/indicators": (x) => ix.bbands(x.close, 20, 2),
        "fast-technical-indicators": (x) =>
          fast.bollingerbands({ period: 20, stdDev: 2, values: x.close }),
      },
    },
    {
      name: "ATR 14",
      fields: ["high", "low", "close"],
      ours: (s) => atr(s.high, s.low, s.close, 14, a),
      plain: (s) => plainAtr(s.high, s.low, s.close, 14, a),
      peers: {
        technicalindicators: (x) =>
          technical.ATR.calculate({ period: 14, high: x.high, low: x.low, close: x.close }),
        "trading-signals": (x) =>
          stream(
            () => new tradingSignals.ATR(14),
            x.close.map((close, i) => ({ high: x.high[i]!, low: x.low[i]!, close })),
          ),
        indicatorts: (x) => indicatorts.atr(x.high, x.low, x.close, { period: 14 }),
        "@ixjb94/indicators": (x) => ix.atr(x.high, x.low, x.close, 14),
        "fast-technical-indicators": (x) =>
          fast.atr({ period: 14, high: x.high, low: x.low, close: x.close }),
      },
    },
    {
      name: "MACD 12/26/9",
      fields: ["close"],
      ours: (s) => macd(s.close, 12, 26, 9, { macd: a, signal: b, histogram: c }),
      plain: (s) => plainMacd(s.close, 12, 26, 9, a, b, c),
      peers: {
        technicalindicators: (x) =>
          technical.MACD.calculate({
            values: x.close,
            fastPeriod: 12,
            slowPeriod: 26,
            signalPeriod: 9,
            SimpleMAOscillator: false,
            SimpleMASignal: false,
          }),
        "trading-signals": (x) =>
          stream(
            () =>
              new tradingSignals.MACD(
                new tradingSignals.EMA(12),
                new tradingSignals.EMA(26),
                new tradingSignals.EMA(9),
              ),
            x.close,
          ),
        indicatorts: (x) => indicatorts.macd(x.close, { fast: 12, slow: 26, signal: 9 }),
        "@ixjb94/indicators": (x) => ix.macd(x.close, 12, 26, 9),
        "fast-technical-indicators": (x) =>
          fast.macd({
            values: x.close,
            fastPeriod: 12,
            slowPeriod: 26,
            signalPeriod: 9,
            SimpleMAOscillator: false,
            SimpleMASignal: false,
          }),
      },
    },
  ];
}

export async function benchIndicators(): Promise<BenchRow[]> {
  const big = randomWalkBars(bigLength, 1);
  const small = randomWalkBars(peerLength, 1);
  const smallArrays = Object.fromEntries(
    Object.entries(small).map(([field, column]) => [field, Array.from(column as Float64Array)]),
  ) as Record<keyof Series, number[]>;
  const bigCases = cases(bigLength);
  const smallCases = cases(peerLength);
  const rows: BenchRow[] = [];
  for (let k = 0; k < bigCases.length; k++) {
    const bigCase = bigCases[k]!;
    const smallCase = smallCases[k]!;
    const atScale = interleave(
      { ours: () => bigCase.ours(big), plain: () => bigCase.plain(big) },
      9,
    );
    const toArrays = (fields: (keyof Series)[]) => {
      const arrays = { ...smallArrays };
      for (const field of fields) arrays[field] = Array.from(small[field]);
      return arrays;
    };
    const againstPeers = interleave(
      {
        ours: () => smallCase.ours(small),
        ...Object.fromEntries(
          Object.entries(smallCase.peers).map(([name, run]) => [name, () => run(smallArrays)]),
        ),
        ...Object.fromEntries(
          Object.entries(smallCase.peers).map(([name, run]) => [
            `${name} from columns`,
            () => run(toArrays(smallCase.fields)),
          ]),
        ),
      },
      3,
    );
    const { ours: oursSmall, ...measured } = againstPeers;
    const scale = bigLength / peerLength;
    const peers = Object.fromEntries(
      Object.entries(measured).filter(([name]) => !name.endsWith(" from columns")),
    );
    const fromColumns = Object.fromEntries(
      Object.entries(measured).filter(([name]) => name.endsWith(" from columns")),
    );
    const peersAtScale = Object.fromEntries(
      Object.entries(peers).map(([name, ms]) => [name, ms * scale]),
    );
    const onArrays = Math.min(...Object.values(peers)) / oursSmall!;
    const onColumns = Math.min(...Object.values(fromColumns)) / oursSmall!;
    rows.push({
      name: `${bigCase.name}, 1,000,000 bars`,
      oursMs: atScale.ours!,
      baselineMs: atScale.plain!,
      baselineName: "plain loop",
      peersMs: peersAtScale,
      notes: [
        `peers timed on ${peerLength.toLocaleString("en")} bars beside ours (${oursSmall!.toFixed(3)} ms there) and scaled x${scale}`,
        `fastest peer at equal size: ${onArrays.toFixed(1)}x slower given ready JS arrays, ${onColumns.toFixed(1)}x slower fed from Float64Array columns (conversion included)`,
      ],
      targets: [
        {
          label: ">= 15x faster than the fastest npm library (given ready arrays)",
          met: onArrays >= 15,
        },
        {
          label: ">= 15x faster than the fastest npm library (fed from columns)",
          met: onColumns >= 15,
        },
        {
          label: "within 1.5x of a plain single-pass loop",
          met: atScale.ours! <= 1.5 * atScale.plain!,
        },
      ],
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printRows("Indicators", await benchIndicators());
}
