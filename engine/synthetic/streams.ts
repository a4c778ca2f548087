import { normalSource } from "../random.ts";

/** Degrees of freedom of the Student-t shocks: fat tails like daily equity and FX returns. */
const tailDegrees = 5;

export interface RandomStream {
  uniform: () => number;
  normal: () => number;
  /** Unit-variance Student-t draws. */
  shock: () => number;
}

/**
 * An independent random stream for each name (a factor, a symbol, a contract), so a symbol's
 * path does not depend on which other symbols were asked for. Keyed mulberry32 streams could
 * overlap (its 32-bit state walks one cycle); sfc32 has 128 bits of state, seeded by cyrb128 of
 * the seed and the key (both by bryc, public domain: github.com/bryc/code, jshash/PRNGs.md).
 */
export function randomStreams(seed: number): (key: string) => RandomStream {
  return (key) => {
    const uniform = sfc32(...cyrb128(`${seed}:${key}`));
    // sfc32's first outputs still echo the seed words; discard a few, as its author advises.
    for (let i = 0; i < 12; i++) uniform();
    const normal = normalSource(uniform);
    return { uniform, normal, shock: polarStudentT(uniform, tailDegrees) };
  };
}

/**
 * Unit-variance Student-t draws by Bailey's polar method (R. W. Bailey, "Polar generation of
 * random variates with the t-distribution", Mathematics of Computation 62, 1994): two uniforms
 * a draw instead of the degrees + 1 normals of a chi-square ratio.
 */
function polarStudentT(uniform: () => number, degrees: number): () => number {
  const scale = Math.sqrt((degrees - 2) / degrees);
  return () => {
    let u: number;
    let w: number;
    do {
      u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      w = u * u + v * v;
    } while (w >= 1 || w === 0);
    return u * Math.sqrt((degrees * (w ** (-2 / degrees) - 1)) / w) * scale;
  };
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Small Fast Counter (Chris Doty-Humphrey's PractRand), 32-bit: uniform draws in [0, 1). */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
