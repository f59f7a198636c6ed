// The engine's own imports of lua.wasm, declared for Emscripten's link (which refuses undefined
// symbols): the module runs without Emscripten's JavaScript, and src/lua/wasm_imports.ts gives
// them. mg_clock_ms: the monotonic clock in milliseconds (hot_path.c, profiled callbacks).
mergeInto(LibraryManager.library, {
  mg_clock_ms: function () {
    throw new Error("lua.wasm runs with src/lua/wasm_imports.ts");
  },
});
