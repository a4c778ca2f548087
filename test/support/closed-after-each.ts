import { afterEach } from "vitest";

/**
 * Closes what a test opened once the test ends, passed or failed, the newest first: call it at
 * the top of a file or describe block, then pass it each resource as it opens
 * (`const h = cleanup(await orderHarness())`).
 */
export function closedAfterEach<T extends { close(): Promise<unknown> }>(): (resource: T) => T {
  const open: T[] = [];
  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close();
  });
  return (resource) => {
    open.push(resource);
    return resource;
  };
}
