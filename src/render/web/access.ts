/**
 * Who may talk to the web renderer. The page and its console drive the game
 * (console `exec` runs Lua, `set` writes saved settings), so:
 *
 * - every HTTP request must name a host this server serves (the loopback
 *   names, or the configured one, with its port): a DNS-rebinding page sends
 *   its own host name and is refused;
 * - a WebSocket must come from the page's own origin (`Origin` equal to
 *   `http://` + the request's host): other sites' pages are refused;
 * - and must present the per-run token embedded in the page, so no other
 *   page, not even a stale one from an earlier run on the same port, drives it.
 *
 * @example
 * ```ts
 * import { AccessPolicy } from "./access.ts";
 * const access = new AccessPolicy({ port: 8000, token: "abc" });
 * access.checkHost("localhost:8000"); // "localhost:8000"
 * access.checkSocket("localhost:8000", "http://localhost:8000", "abc"); // no error
 * ```
 *
 * @module
 */

import { WebAccessError } from "./errors.ts";

/** Options of {@linkcode AccessPolicy}. */
export interface AccessPolicyOptions {
  /** The port the server listens on. */
  port: number;
  /** The interface it listens on; served as a host name too unless it is a wildcard. */
  hostname?: string;
  /** The token a socket must present. */
  token: string;
}

/** Interfaces that mean "every address", not a name a page could be loaded from. */
const WILDCARDS = new Set(["", "0.0.0.0", "::", "[::]"]);

/** How a refused value is shown: quoted and cut short (it comes from the client). */
function shown(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
}

/**
 * The `Host` header values a server on `port` answers to: `127.0.0.1`,
 * `localhost` and `[::1]`, plus `hostname` when it is a name or an address
 * rather than a wildcard. Port 80 is also accepted without `:80`, as
 * browsers send it.
 *
 * @example
 * ```ts
 * import { servedHosts } from "./access.ts";
 * servedHosts(8000); // ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"]
 * servedHosts(8000, "game.local").includes("game.local:8000"); // true
 * ```
 */
export function servedHosts(port: number, hostname?: string): string[] {
  const names = ["127.0.0.1", "localhost", "[::1]"];
  if (hostname !== undefined && !WILDCARDS.has(hostname)) {
    const name = hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
    if (!names.includes(name.toLowerCase())) names.push(name.toLowerCase());
  }
  const hosts = names.map((n) => `${n}:${port}`);
  return port === 80 ? [...hosts, ...names] : hosts;
}

/** Compares without stopping at the first difference, so timing tells nothing about the token. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i) | 0) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * A per-run token: 32 random bytes as hex.
 *
 * @example
 * ```ts
 * import { newToken } from "./access.ts";
 * newToken().length; // 64
 * ```
 */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The checks every request and socket goes through; each refusal is a
 * {@linkcode WebAccessError} whose message names what was wrong.
 *
 * @example
 * ```ts
 * import { AccessPolicy } from "./access.ts";
 * const access = new AccessPolicy({ port: 8000, token: "abc" });
 * try {
 *   access.checkHost("evil.example.com");
 * } catch (e) {
 *   (e as Error).message.startsWith('Refused a request for host "evil.example.com"'); // true
 * }
 * ```
 */
export class AccessPolicy {
  #hosts: ReadonlySet<string>;
  #token: string;

  /** Create the policy for a server that listens on `port`. */
  constructor(options: AccessPolicyOptions) {
    this.#hosts = new Set(servedHosts(options.port, options.hostname));
    this.#token = options.token;
  }

  /** The accepted `Host` values. */
  get hosts(): string[] {
    return [...this.#hosts];
  }

  /**
   * The request's host, lower-cased, when this server serves it; throws
   * {@linkcode WebAccessError} (403) otherwise.
   *
   * @example
   * ```ts
   * import { AccessPolicy } from "./access.ts";
   * new AccessPolicy({ port: 80, token: "t" }).checkHost("LOCALHOST"); // "localhost"
   * ```
   */
  checkHost(host: string | undefined): string {
    if (host === undefined || host === "") {
      throw new WebAccessError(403, "Refused a request without a Host header");
    }
    const lower = host.toLowerCase();
    if (!this.#hosts.has(lower)) {
      throw new WebAccessError(
        403,
        `Refused a request for host ${shown(host)}: this server answers only to ${
          this.hosts.join(", ")
        }`,
      );
    }
    return lower;
  }

  /**
   * Check a WebSocket upgrade to `host` (as returned by
   * {@linkcode AccessPolicy.checkHost}): its `Origin` must be the page's own
   * and `token` this run's. Throws {@linkcode WebAccessError} (403).
   *
   * @example
   * ```ts
   * import { AccessPolicy } from "./access.ts";
   * const access = new AccessPolicy({ port: 8000, token: "abc" });
   * try {
   *   access.checkSocket("127.0.0.1:8000", "http://127.0.0.1:8000", "abd");
   * } catch (e) {
   *   (e as Error).message; // "Refused a socket with a wrong token (a page from an earlier run? reload it)"
   * }
   * ```
   */
  checkSocket(host: string, origin: string | undefined, token: string | null): void {
    const own = `http://${host}`;
    if (origin === undefined) {
      throw new WebAccessError(
        403,
        `Refused a socket without an Origin header: only the page at ${own} may connect`,
      );
    }
    if (origin.toLowerCase() !== own) {
      throw new WebAccessError(
        403,
        `Refused a socket from origin ${shown(origin)}: only the page at ${own} may connect`,
      );
    }
    if (token === null || token === "") {
      throw new WebAccessError(403, "Refused a socket without the page's token");
    }
    if (!sameText(token, this.#token)) {
      throw new WebAccessError(
        403,
        "Refused a socket with a wrong token (a page from an earlier run? reload it)",
      );
    }
  }
}
