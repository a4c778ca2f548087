import { Redis } from "ioredis";
import { probeTimeoutMs, servicesRequired } from "./postgres-server.ts";

/** The machine's Redis server (ENVIRONMENT.md: 127.0.0.1:6379, nothing kept on disk). */
export const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Whether Redis tests run: they skip (saying why) when the server is down, unless
 * REQUIRE_SERVICES=1, which turns the absence into a failure.
 */
export async function useRedis(what: string): Promise<boolean> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: probeTimeoutMs,
    maxRetriesPerRequest: 0,
  });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    const message = `Redis is not reachable at ${new URL(redisUrl).host}: ${what}`;
    if (servicesRequired) throw new Error(`${message} (REQUIRE_SERVICES=1 forbids skipping)`);
    console.warn(`skipping: ${message}`);
    return false;
  } finally {
    client.disconnect();
  }
}
