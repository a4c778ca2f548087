import { defaultScanOptions, scanMarket } from "../engine/scanner/index.ts";
import { plantedMarket } from "../engine/scanner/planted-market.ts";

// `npm run bench:scanner`: the discovery issue's scan figures. A full scan (all nine families,
// pairs included) of 1000 symbols x 1260 daily bars of the planted-effects market, on one
// process (with workers running, scan_markets fans out over them), with the recall of planted effects and
// the false-discovery proportion over the null names.
const market = plantedMarket({ symbols: 1000, bars: 1260, seed: 11 });
const started = performance.now();
const result = scanMarket(market.bars, defaultScanOptions);
const seconds = (performance.now() - started) / 1000;

const same = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();
const recalled = market.effects.filter((effect) =>
  result.findings.some((f) => f.pattern === effect.pattern && same(f.symbols, effect.symbols)),
).length;
const nulls = new Set(market.nullSymbols);
const falseFindings = result.findings.filter((f) => f.symbols.every((s) => nulls.has(s))).length;
const recall = recalled / market.effects.length;
const falseDiscovery = falseFindings / Math.max(1, result.findings.length);

const verdict = (ok: boolean) => (ok ? "MET" : "MISSED");
console.log(
  `full scan, 1000 symbols x 1260 bars, one thread: ${seconds.toFixed(1)} s, ${result.candidatesTested.toLocaleString("en")} candidates, ${result.findings.length} findings (target under 10 s: ${verdict(seconds < 10)})`,
);
console.log(
  `recall of ${market.effects.length} planted effects: ${(100 * recall).toFixed(1)}% (target >= 95%: ${verdict(recall >= 0.95)}); false discoveries over null names: ${(100 * falseDiscovery).toFixed(1)}% (target <= 5%: ${verdict(falseDiscovery <= 0.05)})`,
);
