import { assertEquals, assertThrows } from "@std/assert";
import { AccessPolicy, newToken, servedHosts } from "./access.ts";
import { WebAccessError } from "./errors.ts";

Deno.test("servedHosts: loopback names with the port, plus a configured name", () => {
  assertEquals(servedHosts(8000), ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"]);
  assertEquals(servedHosts(8000, "127.0.0.1"), servedHosts(8000));
  assertEquals(servedHosts(8000, "0.0.0.0"), servedHosts(8000));
  assertEquals(servedHosts(8000, "::"), servedHosts(8000));
  assertEquals(servedHosts(8000, "Game.Local").at(-1), "game.local:8000");
  assertEquals(servedHosts(8000, "fe80::1").at(-1), "[fe80::1]:8000");
  // Browsers leave out the default port.
  assertEquals(servedHosts(80).includes("localhost"), true);
  assertEquals(servedHosts(8000).includes("localhost"), false);
});

Deno.test("AccessPolicy.checkHost refuses other hosts and ports, naming them", () => {
  const access = new AccessPolicy({ port: 8000, token: "t" });
  assertEquals(access.checkHost("LocalHost:8000"), "localhost:8000");
  assertEquals(access.checkHost("[::1]:8000"), "[::1]:8000");
  for (const host of ["evil.example.com", "evil.example.com:8000", "localhost:8001", "localhost"]) {
    const e = assertThrows(() => access.checkHost(host), WebAccessError);
    assertEquals(e.status, 403);
    assertEquals(
      e.message,
      `Refused a request for host "${host}": this server answers only to ` +
        "127.0.0.1:8000, localhost:8000, [::1]:8000",
    );
  }
  assertThrows(() => access.checkHost(undefined), WebAccessError, "without a Host header");
  const long = assertThrows(() => access.checkHost("a".repeat(5000)), WebAccessError);
  assertEquals(long.message.length < 300, true);
});

Deno.test("AccessPolicy.checkSocket wants the page's own origin and the token", () => {
  const token = newToken();
  const access = new AccessPolicy({ port: 8000, token });
  access.checkSocket("localhost:8000", "http://localhost:8000", token);
  access.checkSocket("127.0.0.1:8000", "HTTP://127.0.0.1:8000", token);
  const cases: Array<[string | undefined, string | null, string]> = [
    ["https://evil.example.com", token, 'origin "https://evil.example.com"'],
    ["http://127.0.0.1:8000", token, 'origin "http://127.0.0.1:8000"'], // not localhost's
    ["https://localhost:8000", token, 'origin "https://localhost:8000"'],
    ["null", token, 'origin "null"'],
    [undefined, token, "without an Origin header"],
    ["http://localhost:8000", null, "without the page's token"],
    ["http://localhost:8000", "", "without the page's token"],
    ["http://localhost:8000", newToken(), "with a wrong token"],
    ["http://localhost:8000", token.slice(1), "with a wrong token"],
    ["http://localhost:8000", `${token}0`, "with a wrong token"],
  ];
  for (const [origin, t, why] of cases) {
    const e = assertThrows(
      () => access.checkSocket("localhost:8000", origin, t),
      WebAccessError,
      why,
    );
    assertEquals(e.status, 403);
  }
});

Deno.test("newToken: 256 random bits, different each time", () => {
  const tokens = new Set(Array.from({ length: 20 }, newToken));
  assertEquals(tokens.size, 20);
  for (const t of tokens) assertEquals(/^[0-9a-f]{64}$/.test(t), true);
});
