import { assertEquals, assertThrows } from "@std/assert";
import { CVarLuaPayloadError, encodeCVarLua, parseCVarLua } from "./cvar_lua_payload.ts";

Deno.test("encodeCVarLua and parseCVarLua round trip and reject malformed payloads", () => {
  const fields = { handler: "on_fov", name: "r_fov", oldValue: "75.0", newValue: "" };
  const message = encodeCVarLua(fields);
  assertEquals(message, "on_fov\0r_fov\x0075.0\0");
  assertEquals(parseCVarLua(message), fields);
  assertThrows(() => parseCVarLua("a\0b\0c"), CVarLuaPayloadError, "got 3");
  assertThrows(() => parseCVarLua("a\0b\0c\0d\0e"), CVarLuaPayloadError, "got 5");
  assertThrows(() => parseCVarLua("\0b\0c\0d"), CVarLuaPayloadError, "empty handler");
  assertThrows(
    () => encodeCVarLua({ ...fields, newValue: "x\0y" }),
    CVarLuaPayloadError,
    "new value must not contain NUL",
  );
  assertThrows(() => encodeCVarLua({ ...fields, handler: "" }), CVarLuaPayloadError, "empty");
});
