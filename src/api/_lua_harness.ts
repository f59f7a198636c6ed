/**
 * Test harness: a wasmoon state with the generated bindings loaded against a fake `rt` whose
 * `emit`, `put` and builders' `emit_built` append to a Lua table (it has no `rt.command`: the
 * generated Lua functions are the bindings; command_sink_test.ts compares the C ones with them).
 * Game code is loaded with the chunkname `@main.lua` so error positions read `main.lua:LINE:`.
 *
 * @example
 * ```ts
 * import { withApi } from "./_lua_harness.ts";
 * await withApi(async (api) => {
 *   const r = await api.run('engine.set_flag("x")');
 *   r.bytes.length; // 7 + 2
 * });
 * ```
 *
 * @module
 */
import { LuaFactory } from "wasmoon";
import { engineLuaSource } from "./lua_bindings.ts";

/** Result of running one chunk of game code. */
export interface RunResult {
  /** Error message (with `main.lua:LINE:`), or undefined when it ran. */
  readonly error: string | undefined;
  /** All bytes emitted by this run, concatenated. */
  readonly bytes: Uint8Array;
  /** Log lines `[level, msg]`. */
  readonly logs: [string, string][];
  /** First return value of the chunk, as a string (tostring), or undefined. */
  readonly result: string | undefined;
}

/** A loaded API state. */
export interface ApiState {
  /** Run game code (fresh callback: emitted bytes, provisional ids and local assets reset). */
  run(code: string): Promise<RunResult>;
}

const RUNNER = `
local api_src, snap_src = ...
local out, logs, next_id = {}, {}, 0
local rt = {
  emit = function(b) out[#out + 1] = b end,
  -- A builder's records (the runtime keeps them in C, in one buffer): here a string each.
  append = function(st, b) st[#st + 1] = b end,
  emit_built = function(st, id)
    local n = #st
    local head = st.src and string.pack("<I2ds4I4", st.op, id, st.src, n) or string.pack("<I2dI4", st.op, id, n)
    out[#out + 1] = head .. table.concat(st, "", 1, n)
  end,
  next_id = function() next_id = next_id - 1; return next_id end,
  log = function(level, msg) logs[#logs + 1] = level .. "\\3" .. msg end,
  -- A collision twin's world-signal write shows as a "mirror" log line: part, key, value.
  mirror = function(part, key, value)
    logs[#logs + 1] = "mirror\\3" .. part .. " " .. key .. " " .. tostring(value)
  end,
  local_assets = {},
}
-- The runtime's sink packs put commands in place; here each is packed at once.
function rt.put(f, ...) out[#out + 1] = string.pack("<" .. f, ...) end
rt.snap = assert(load("return " .. snap_src, "=snap"))()
local api = assert(load(api_src, "=moonglow_api"))(rt)
local env = setmetatable({}, { __index = _G })
for k, v in pairs(api) do env[k] = v end
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
function __run(code)
  out, logs, next_id = {}, {}, 0
  rt.local_assets = {}
  local f, err = load(code, "@main.lua", "t", env)
  local ok, res
  if not f then ok, res = false, err else ok, res = pcall(f) end
  return (ok and "1" or "0") .. "\\1" .. tostring(res) .. "\\1" .. hex(table.concat(out)) .. "\\1" .. table.concat(logs, "\\2")
end
`;

/**
 * Default snapshot: a few assets, signals, cvars and input so reads and key
 * checks have something to find.
 */
export const DEFAULT_SNAP = `{
  scalars = { speed = 2.5 }, integers = { score = 7 }, strings = { scene = "menu" },
  flags = { paused = true }, entities = { player = 4 }, groups = { brick = 3 },
  assets = {
    texture = { ball = true, hero = true }, font = { main = true }, sound = { bounce = true },
    music = { theme = true }, shader = { crt = true, glow = true }, tilemap = { level1 = true },
    animation = { walk = true, idle = true },
  },
  cvars = {
    r_fov = { type = "int", value = 90, min = 45, max = 120 },
    r_gamma = { type = "float", value = 1.0, min = 0.5, max = 3 },
    r_vsync = { type = "bool", value = true },
    r_mode = { type = "string", value = "fast", choices = { "fast", "pretty" } },
    lua_max_instructions = { type = "int", value = 10000000, min = 1000, max = 200000000, protected = true },
  },
  input = { pressed = { left = true, space = true }, mouse = { x = 12, y = 34 } },
  components = { [4] = { Transform = { x = 1, y = 2 } } },
}`;

function unhex(h: string): Uint8Array {
  const b = new Uint8Array(h.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return b;
}

/**
 * Run `body` with a fresh Lua state holding the bindings.
 *
 * @example
 * ```ts
 * import { withApi } from "./_lua_harness.ts";
 * await withApi(async (api) => {
 *   await api.run("return 1");
 * });
 * ```
 */
export async function withApi<T>(
  body: (api: ApiState) => Promise<T>,
  snap = DEFAULT_SNAP,
): Promise<T> {
  const lua = await new LuaFactory().createEngine();
  try {
    lua.global.set("API_SRC", engineLuaSource());
    lua.global.set("SNAP_SRC", snap);
    lua.global.set("RUNNER_SRC", RUNNER);
    await lua.doString(
      `assert(load(RUNNER_SRC, '=runner'))(API_SRC, SNAP_SRC)`,
    );
    lua.global.setTop(0);
    const run = lua.global.get("__run") as (code: string) => string;
    return await body({
      run(code: string): Promise<RunResult> {
        const raw = run(code);
        lua.global.setTop(0);
        const [ok, res, hex, logs] = raw.split("\u0001") as [string, string, string, string];
        return Promise.resolve({
          error: ok === "1" ? undefined : res,
          result: ok === "1" && res !== "nil" ? res : undefined,
          bytes: unhex(hex),
          logs: logs === ""
            ? []
            : logs.split("\u0002").map((l) => l.split("\u0003") as [string, string]),
        });
      },
    });
  } finally {
    lua.global.close();
  }
}
