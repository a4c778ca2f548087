import type { IncomingMessage } from "node:http";
import { networkInterfaces, hostname } from "node:os";
import { secretMatches } from "../tools/http/secret-matches.ts";

const loopbackNames = ["localhost", "127.0.0.1", "::1"];
const wildcards = new Set(["0.0.0.0", "::", ""]);

/**
 * Host names a request may carry in `Host`: loopback, the bound address, and the hosts of
 * allowed origins. Anything else is a DNS-rebinding attempt. Bound to every interface, the
 * machine's own names and addresses count too.
 */
export function allowedHostnames(bindHost: string, allowedOrigins: readonly string[]): Set<string> {
  const names = new Set([...loopbackNames, bindHost.toLowerCase()]);
  for (const origin of allowedOrigins) names.add(new URL(origin).hostname.toLowerCase());
  if (wildcards.has(bindHost)) {
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address.toLowerCase());
  }
  return new Set([...names].filter((name) => !wildcards.has(name)).map(unbracket));
}

/** Why a request's Host or Origin is refused (403), or undefined when both are acceptable. */
export function refuseHostOrOrigin(
  request: IncomingMessage,
  hostnames: ReadonlySet<string>,
  allowedOrigins: readonly string[],
): string | undefined {
  const host = request.headers.host;
  if (!host) return "missing Host header";
  const name = hostnameOf(host);
  if (name === undefined || !hostnames.has(name)) return `Host ${host} is not allowed`;
  const origin = request.headers.origin;
  // Clients outside a browser send no Origin; a browser always does, and "null" (sandboxed or file pages) is never trusted.
  if (origin !== undefined && !allowedOrigins.includes(origin))
    return `Origin ${origin} is not allowed (set MCP_ALLOWED_ORIGINS to admit a browser origin)`;
  return undefined;
}

function hostnameOf(host: string): string | undefined {
  try {
    return unbracket(new URL(`http://${host}`).hostname.toLowerCase());
  } catch {
    return undefined;
  }
}

const unbracket = (name: string) => name.replace(/^\[(.*)\]$/, "$1");

/** The bearer token of a request, if it carries one. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

/** Whether a request's bearer token is the expected one, in constant time (secretMatches). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  return given !== undefined && secretMatches(given, expected);
}
