import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { ResearchLink } from "../../tools/ports/research.ts";
import type { Store } from "../../tools/ports/store.ts";
import { StrategySpecSchema } from "../../tools/strategy/spec-schema.ts";
import { findMechanisms, type ResearchMechanism } from "./mechanism-keywords.ts";
import { strategyMechanisms } from "./strategy-mechanisms.ts";
import { tickerReader } from "./tickers.ts";

/** The newest strategies a run links research to: all of a desk's, bounded for a daily job. */
export const linkedStrategiesLimit = 500;

/** What a document names that strategies are about. */
export interface ResearchReading {
  /** Tickers of the strategies' universes, sorted. */
  symbols: string[];
  mechanisms: ResearchMechanism[];
}

interface LinkTarget {
  id: string;
  universe: ReadonlySet<string>;
  mechanisms: readonly ResearchMechanism[];
}

/**
 * Reads research text for the symbols and mechanisms of the stored strategies, and links each
 * document to the strategies it shares one with. Loaded once per ingest run. The text is
 * untrusted: it is only matched against, and nothing in it is followed.
 */
export class ResearchLinker {
  private constructor(
    private readonly targets: readonly LinkTarget[],
    private readonly readTickers: (text: string) => string[],
  ) {}

  /** A linker to the newest `linkedStrategiesLimit` stored strategies: an ingest run's. */
  static async load(
    store: Pick<Store, "listStrategies" | "requestStrategy">,
  ): Promise<ResearchLinker> {
    const summaries = await store.listStrategies(linkedStrategiesLimit);
    return ResearchLinker.of(
      store,
      summaries.map((summary) => summary.id),
    );
  }

  /** A linker to these stored strategies (those whose spec this version can read). */
  static async of(
    store: Pick<Store, "requestStrategy">,
    strategyIds: readonly string[],
  ): Promise<ResearchLinker> {
    const targets: LinkTarget[] = [];
    for (const id of strategyIds) {
      const stored = await store.requestStrategy(id);
      const parsed = StrategySpecSchema.safeParse(stored?.spec);
      // A spec this version cannot read (older or hand-made) has nothing to link on.
      if (!parsed.success) continue;
      // The schema's output is the engine's StrategySpec, as parseStrategySpec says.
      const spec = parsed.data as StrategySpec;
      targets.push({
        id,
        universe: new Set(spec.universe),
        mechanisms: strategyMechanisms(spec),
      });
    }
    return new ResearchLinker(targets, tickerReader(targets.flatMap((t) => [...t.universe])));
  }

  /** What its strategies are about: the text a document must hold to be read for links. */
  interests(): ResearchReading {
    const symbols = new Set(this.targets.flatMap((target) => [...target.universe]));
    const mechanisms = new Set(this.targets.flatMap((target) => target.mechanisms));
    return { symbols: [...symbols].sort(), mechanisms: [...mechanisms].sort() };
  }

  read(text: string): ResearchReading {
    return { symbols: this.readTickers(text), mechanisms: findMechanisms(text) };
  }

  /** A document is read with its title. */
  readDocument(document: { title: string; text: string }): ResearchReading {
    return this.read(`${document.title}\n\n${document.text}`);
  }

  /** One link per strategy sharing a symbol or a mechanism, e.g. `symbol:AAPL; mechanism:momentum`. */
  linksFor(documentId: string, reading: ResearchReading): ResearchLink[] {
    return this.targets.flatMap((target) => {
      const reasons = [
        ...reading.symbols
          .filter((symbol) => target.universe.has(symbol))
          .map((symbol) => `symbol:${symbol}`),
        ...reading.mechanisms
          .filter((mechanism) => target.mechanisms.includes(mechanism))
          .map((mechanism) => `mechanism:${mechanism}`),
      ];
      return reasons.length === 0
        ? []
        : [{ documentId, strategyId: target.id, reason: reasons.join("; ") }];
    });
  }
}
