/**
 * The engine's resource ceilings, in one place. Each is far above what a
 * real 2D game uses, and low enough that going over it is a clear error
 * instead of a process that runs out of memory. The reasons are given per
 * ceiling; the numbers measured on this engine are in the comments.
 *
 * This module imports nothing, so every layer (the world, the asset
 * decoders, the console) can read it.
 *
 * @example
 * ```ts
 * import { MAX_ENTITIES, MAX_MAP_CELLS } from "./ceilings.ts";
 * console.assert(MAX_MAP_CELLS >= MAX_ENTITIES);
 * ```
 *
 * @module
 */

/**
 * Most live entities a world holds (2^18). A busy 2D game has thousands; a
 * frame of 100,000 entities with callbacks already takes far longer than a
 * 60 Hz tick here. A world of 262,144 tiles takes about 0.6 GB and its
 * `--dump-state` about 1.7 GB at peak; a million took 4.9 GB, past V8's
 * 4 GB heap on smaller machines.
 *
 * @example
 * ```ts
 * import { MAX_ENTITIES } from "./ceilings.ts";
 * console.assert(MAX_ENTITIES === 262_144);
 * ```
 */
export const MAX_ENTITIES = 262_144;

/**
 * Most cells a Tiled map may declare (2^20): its width x height, and the
 * width x height of its visible tile layers added up. A large hand-made
 * level is a few hundred cells square with a handful of layers; four times
 * the entity ceiling leaves room for sparse layers. (Tiles are entities, so
 * a map also spawns at most as many tiles as the world has room for.)
 *
 * @example
 * ```ts
 * import { MAX_MAP_CELLS } from "./ceilings.ts";
 * console.assert(MAX_MAP_CELLS === 1024 * 1024);
 * ```
 */
export const MAX_MAP_CELLS = 1_048_576;

/**
 * Most cells a grid layout may have (2^20): the characters of its rows,
 * empty ones included. A brick level is a few hundred.
 *
 * @example
 * ```ts
 * import { MAX_LAYOUT_CELLS } from "./ceilings.ts";
 * console.assert(MAX_LAYOUT_CELLS === 1024 * 1024);
 * ```
 */
export const MAX_LAYOUT_CELLS = 1_048_576;

/**
 * Largest tile width or height in a Tiled map or tileset, in pixels: a tile
 * cannot be larger than an image ({@linkcode MAX_PNG_SIDE}).
 *
 * @example
 * ```ts
 * import { MAX_TILE_SIDE } from "./ceilings.ts";
 * console.assert(MAX_TILE_SIDE === 16384);
 * ```
 */
export const MAX_TILE_SIDE = 16_384;

/**
 * Largest map, tileset or grid layout file read, in bytes (32 MiB). A map
 * at {@linkcode MAX_MAP_CELLS} written as CSV with flipped tile ids is
 * about 12 MB; JSON objects take ten times their text or more once parsed.
 *
 * @example
 * ```ts
 * import { MAX_DATA_FILE_BYTES } from "./ceilings.ts";
 * console.assert(MAX_DATA_FILE_BYTES === 32 * 1024 * 1024);
 * ```
 */
export const MAX_DATA_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Largest side of a PNG image, so that a corrupt header cannot ask for
 * gigabytes. 16384 is the largest texture the GPUs of today take.
 *
 * @example
 * ```ts
 * import { MAX_PNG_SIDE } from "./ceilings.ts";
 * console.assert(MAX_PNG_SIDE === 16384);
 * ```
 */
export const MAX_PNG_SIDE = 16_384;

/**
 * Most bytes one image may take once decoded to RGBA (64 MiB: 4096 x 4096,
 * or 8192 x 2048). 4096 x 4096 is the largest texture size nearly every
 * GPU takes, so 2D games keep their atlases within it. A 256 KB PNG that
 * declares 16384 x 16384 would otherwise decode to 1 GiB and more.
 *
 * @example
 * ```ts
 * import { MAX_IMAGE_BYTES } from "./ceilings.ts";
 * console.assert(MAX_IMAGE_BYTES === 4096 * 4096 * 4);
 * ```
 */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/**
 * Most bytes the images decoded by one renderer may take together (512 MiB:
 * eight full 4096 x 4096 atlases, or 2,000 sprite sheets of 256 x 256).
 *
 * @example
 * ```ts
 * import { MAX_TOTAL_IMAGE_BYTES } from "./ceilings.ts";
 * console.assert(MAX_TOTAL_IMAGE_BYTES === 8 * 4096 * 4096 * 4);
 * ```
 */
export const MAX_TOTAL_IMAGE_BYTES = 512 * 1024 * 1024;

/**
 * Longest console line, in UTF-16 code units (4 KiB): typed or pasted, an
 * `exec` of Lua is a line or two. Longer input lines are not run, and
 * longer output lines are cut, each with a note.
 *
 * @example
 * ```ts
 * import { MAX_CONSOLE_LINE } from "./ceilings.ts";
 * console.assert(MAX_CONSOLE_LINE === 4096);
 * ```
 */
export const MAX_CONSOLE_LINE = 4096;

/**
 * Most lines one console command shows (`list` of every CVar is about 50);
 * more are cut with a note, so an `exec` returning a million lines does not
 * flood the log.
 *
 * @example
 * ```ts
 * import { MAX_CONSOLE_OUTPUT_LINES } from "./ceilings.ts";
 * console.assert(MAX_CONSOLE_OUTPUT_LINES === 1000);
 * ```
 */
export const MAX_CONSOLE_OUTPUT_LINES = 1000;

/**
 * Largest Lua file read from a game folder, in bytes (4 MiB); a game's
 * scripts are small.
 *
 * @example
 * ```ts
 * import { MAX_LUA_FILE_BYTES } from "./ceilings.ts";
 * console.assert(MAX_LUA_FILE_BYTES === 4 * 1024 * 1024);
 * ```
 */
export const MAX_LUA_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Most Lua files read from one game folder.
 *
 * @example
 * ```ts
 * import { MAX_LUA_FILES } from "./ceilings.ts";
 * console.assert(MAX_LUA_FILES === 2000);
 * ```
 */
export const MAX_LUA_FILES = 2000;
