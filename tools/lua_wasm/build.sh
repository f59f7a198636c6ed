#!/usr/bin/env bash
# Builds src/lua/wasm/lua.wasm, the Lua the engine runs: Lua 5.4.7 from
# Debian's source archive, with count_hook.patch and sealed_tables.patch, compiled by Debian's
# Emscripten as C++ with WebAssembly exceptions (see one.cpp). The exports are
# the C API functions that RawLuaModule in src/lua/raw_api.ts declares.
#
# Needs: apt-get install emscripten node-acorn curl patch
# Usage: tools/lua_wasm/build.sh [OUT]   (OUT defaults to src/lua/wasm/lua.wasm)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/src/lua/wasm/lua.wasm}"

LUA_VERSION="5.4.7"
LUA_SHA256="9fbf5e28ef86c69858f6d3d34eccc32e911c1a28b4120ff3e84aaa70cfbf1e30"
LUA_URL="http://deb.debian.org/debian/pool/main/l/lua5.4/lua5.4_${LUA_VERSION}.orig.tar.gz"

EMSCRIPTEN_VERSION="3.1.6" # Debian bookworm's; another version builds other bytes
command -v em++ >/dev/null || { echo "build.sh: em++ not found (apt-get install emscripten node-acorn)" >&2; exit 1; }
version="$(em++ --version | head -1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)"
if [ "$version" != "$EMSCRIPTEN_VERSION" ]; then
  echo "build.sh: warning: Emscripten $version, not $EMSCRIPTEN_VERSION: lua.wasm will differ from the committed one" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL "$LUA_URL" -o "$work/lua.tar.gz"
echo "$LUA_SHA256  $work/lua.tar.gz" | sha256sum -c --quiet -
tar -xzf "$work/lua.tar.gz" -C "$work"
src="$work/lua-$LUA_VERSION"
patch -s -d "$src" -p1 < "$here/count_hook.patch"
patch -s -d "$src" -p1 < "$here/sealed_tables.patch"

# Every `_name(` member of RawLuaModule is a C function the engine calls (Emscripten exports
# stackSave and stackRestore itself, and refuses them in the list).
exports="$(grep -oE '^  _[A-Za-z_]+\(' "$root/src/lua/raw_api.ts" | tr -d ' (' |
  grep -vE '^_stack(Save|Restore)$' | sort -u | sed 's/.*/"&"/' | paste -sd, -)"

mkdir -p "$(dirname "$out")"
# luai_makeseed: a fixed string-hash seed (Lua's default mixes in the clock and
# addresses), so that `pairs` visits a table's keys in the same order in
# every state and run.
# STANDALONE_WASM: plain WASI imports and named exports, loaded by
# src/lua/wasm_module.ts without Emscripten's JavaScript.
# imports.js: the imports of the engine's own C, which src/lua/wasm_imports.ts gives.
# MALLOC=emmalloc: small; TOTAL_STACK: room for LUAI_MAXCCALLS nested C calls, placed first
# (--stack-first) so that overflowing it traps instead of writing over static data.
NODE_PATH=/usr/share/nodejs em++ -O3 -fwasm-exceptions \
  -I"$src/src" "-Dluai_makeseed(L)=0x4d6f6f6eu" \
  --no-entry -sSTANDALONE_WASM -sALLOW_MEMORY_GROWTH=1 -sALLOW_TABLE_GROWTH=1 \
  -sMALLOC=emmalloc -sTOTAL_STACK=1MB -Wl,--stack-first -sWASM_BIGINT \
  -sEXPORTED_FUNCTIONS="[$exports]" --js-library "$here/imports.js" \
  -Wno-deprecated \
  "$here/one.cpp" -o "$out"
chmod 644 "$out" # data, not a program
echo "wrote $out ($(wc -c < "$out") bytes)"
