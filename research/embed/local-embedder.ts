import type { Embedder } from "../../tools/ports/embedder.ts";
import { researchEmbeddingDimensions } from "../../tools/ports/research.ts";

/**
 * How much each feature family counts: the cosine of two vectors is about the weighted mean of
 * the families' own cosines, weights squared (cross-family hash collisions aside).
 */
export interface FeatureWeights {
  /** Stemmed words without stop words: the topic. */
  words: number;
  /** Adjacent pairs of those words: phrases ("rate hike", "yield curve"). */
  pairs: number;
  /** Character trigrams of each word: shared stems and spellings ("tighten", "tightening"). */
  trigrams: number;
}

const defaultWeights: FeatureWeights = {
  words: Math.sqrt(0.5),
  pairs: Math.sqrt(0.2),
  trigrams: Math.sqrt(0.3),
};

/**
 * A deterministic embedder that needs no model and no network: the offline default.
 *
 * Method: feature hashing (Weinberger et al., "Feature Hashing for Large Scale Multitask
 * Learning", ICML 2009). A text is normalized (NFKC, lower case, letters and digits only),
 * split into words, stop words dropped and suffixes lightly stripped (plural -s/-es/-ies, -ing,
 * -ed, final -e). Three families of features are counted: words, adjacent word pairs and the
 * character trigrams of each word padded with `^`/`$`. Each count weighs 1 + ln(tf) (sublinear,
 * so a repeated word does not drown the rest); each family's vector is hashed (FNV-1a, then
 * MurmurHash3's finalizer) into the same `dimensions` slots with a hashed sign (+1/-1, which keeps
 * inner products unbiased under collisions), L2-normalized, scaled by its family weight, summed,
 * and the sum L2-normalized. A text with no features gets one fixed feature, never a zero vector.
 *
 * It matches words, phrases and word pieces, not meaning: synonyms with no shared letters
 * ("Fed" and "central bank") stay apart. research/README.md records its measured quality.
 */
export class LocalEmbedder implements Embedder {
  readonly name: string;

  constructor(
    readonly dimensions = researchEmbeddingDimensions,
    private readonly weights: FeatureWeights = defaultWeights,
  ) {
    const custom =
      weights === defaultWeights ? "" : `-w${weights.words}/${weights.pairs}/${weights.trigrams}`;
    this.name = `local-hash-v1-${dimensions}${custom}`;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    return texts.map((text) => this.embedOne(text));
  }

  private embedOne(text: string): Float32Array {
    const words = wordsOf(text);
    const pairs = words.slice(1).map((word, i) => `${words[i]} ${word}`);
    const trigrams = words.flatMap(trigramsOf);
    const vector = new Float64Array(this.dimensions);
    const families: [string, string[], number][] = [
      ["w", words.length > 0 ? words : ["\u2205"], this.weights.words],
      ["p", pairs, this.weights.pairs],
      ["t", trigrams, this.weights.trigrams],
    ];
    for (const [family, features, weight] of families) {
      addFamily(vector, family, features, weight);
    }
    return Float32Array.from(normalized(vector));
  }
}

/** Adds one family's hashed, sublinear, unit-length counts times `weight` to `vector`. */
function addFamily(vector: Float64Array, family: string, features: string[], weight: number) {
  if (features.length === 0 || weight === 0) return;
  const counts = new Map<string, number>();
  for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const part = new Float64Array(vector.length);
  for (const [feature, count] of counts) {
    const hash = hashOf(`${family}:${feature}`);
    part[hash % vector.length]! += (hash >>> 31 === 1 ? -1 : 1) * (1 + Math.log(count));
  }
  const unit = normalized(part);
  for (let i = 0; i < vector.length; i++) vector[i]! += weight * unit[i]!;
}

function normalized(vector: Float64Array): Float64Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** FNV-1a over UTF-16 code units, mixed by MurmurHash3's fmix32 so every bit depends on all. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function trigramsOf(word: string): string[] {
  const padded = `^${word}$`;
  const trigrams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) trigrams.push(padded.slice(i, i + 3));
  return trigrams;
}

/** Normalized, stemmed words without stop words. */
export function wordsOf(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !stopWords.has(word))
    .map(stem);
}

/** A light suffix stripper: "rates"/"rate", "hiking"/"hike", "companies"/"company" meet. */
function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let stemmed = word;
  if (stemmed.endsWith("ies") && stemmed.length > 4) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.endsWith("sses")) stemmed = stemmed.slice(0, -2);
  else if (/[^su]s$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  if (stemmed.endsWith("ing") && stemmed.length > 5) stemmed = stemmed.slice(0, -3);
  else if (stemmed.endsWith("ed") && stemmed.length > 4) stemmed = stemmed.slice(0, -2);
  if (stemmed.endsWith("e") && stemmed.length > 3) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

const stopWords = new Set(
  `a about above after again against all am an and any are as at be because been before being
  below between both but by can could did do does doing down during each few for from further had
  has have having he her here hers herself him himself his how i if in into is it its itself just
  me more most my myself no nor not now of off on once only or other our ours ourselves out over
  own same she should so some such than that the their theirs them themselves then there these
  they this those through to too under until up very was we were what when where which while who
  whom why will with would you your yours yourself yourselves also may might must shall via per
  s t said says`.split(/\s+/),
);
