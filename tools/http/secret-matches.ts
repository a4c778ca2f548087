import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether `given` is the shared secret, in constant time: both are hashed first, so neither the
 * content nor the length of the secret shows in how long the comparison takes.
 */
export function secretMatches(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
