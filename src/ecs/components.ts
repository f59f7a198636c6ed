/**
 * The core components every Moonglow world has.
 *
 * Angles are degrees and all values are Float64, as Lua sees them.
 *
 * @module
 */
import { type ComponentDef, createStore, defineComponent, defineTag, type Store } from "./store.ts";

/**
 * World position of the entity (or screen position with {@linkcode ScreenSpace}).
 *
 * @example
 * ```ts
 * import { Position } from "./components.ts";
 * console.assert(Position.defaults.x === 0);
 * ```
 */
export const Position: ComponentDef<"x" | "y"> = defineComponent("position", { x: 0, y: 0 });

/**
 * Velocity in units per second.
 *
 * @example
 * ```ts
 * import { Velocity } from "./components.ts";
 * console.assert(Velocity.fields.join() === "x,y");
 * ```
 */
export const Velocity: ComponentDef<"x" | "y"> = defineComponent("velocity", { x: 0, y: 0 });

/**
 * Rotation in degrees.
 *
 * @example
 * ```ts
 * import { Rotation } from "./components.ts";
 * console.assert(Rotation.defaults.degrees === 0);
 * ```
 */
export const Rotation: ComponentDef<"degrees"> = defineComponent("rotation", { degrees: 0 });

/**
 * Scale factors; 1 is natural size.
 *
 * @example
 * ```ts
 * import { Scale } from "./components.ts";
 * console.assert(Scale.defaults.x === 1 && Scale.defaults.y === 1);
 * ```
 */
export const Scale: ComponentDef<"x" | "y"> = defineComponent("scale", { x: 1, y: 1 });

/**
 * Axis-aligned box: `w`×`h`, `origin` is the point of the box placed at the
 * entity position, `offset` moves the box relative to the entity.
 *
 * @example
 * ```ts
 * import { Collider } from "./components.ts";
 * console.assert(Collider.fields.length === 6);
 * ```
 */
export const Collider: ComponentDef<"w" | "h" | "originX" | "originY" | "offsetX" | "offsetY"> =
  defineComponent("collider", { w: 0, h: 0, originX: 0, originY: 0, offsetX: 0, offsetY: 0 });

/**
 * Draw order; higher draws on top.
 *
 * @example
 * ```ts
 * import { ZIndex } from "./components.ts";
 * console.assert(ZIndex.defaults.value === 0);
 * ```
 */
export const ZIndex: ComponentDef<"value"> = defineComponent("zindex", { value: 0 });

/**
 * Velocity damping factor applied by physics.
 *
 * @example
 * ```ts
 * import { Friction } from "./components.ts";
 * console.assert(Friction.defaults.value === 0);
 * ```
 */
export const Friction: ComponentDef<"value"> = defineComponent("friction", { value: 0 });

/**
 * Speed limit; `NaN` means no limit.
 *
 * @example
 * ```ts
 * import { MaxSpeed } from "./components.ts";
 * console.assert(Number.isNaN(MaxSpeed.defaults.value));
 * ```
 */
export const MaxSpeed: ComponentDef<"value"> = defineComponent("max_speed", { value: NaN });

/**
 * Tag: physics leaves the entity in place.
 *
 * @example
 * ```ts
 * import { Frozen } from "./components.ts";
 * console.assert(Frozen.name === "frozen");
 * ```
 */
export const Frozen: ComponentDef<never> = defineTag("frozen");

/**
 * Tag: the entity survives scene switches.
 *
 * @example
 * ```ts
 * import { Persistent } from "./components.ts";
 * console.assert(Persistent.name === "persistent");
 * ```
 */
export const Persistent: ComponentDef<never> = defineTag("persistent");

/**
 * Tag: the position is in screen pixels, not world units (the camera ignores it).
 *
 * @example
 * ```ts
 * import { ScreenSpace } from "./components.ts";
 * console.assert(ScreenSpace.name === "screen_space");
 * ```
 */
export const ScreenSpace: ComponentDef<never> = defineTag("screen_space");

/**
 * The core component definitions by the property name their stores have in
 * `world.components`.
 *
 * @example
 * ```ts
 * import type { CoreComponents } from "./components.ts";
 * type PositionDef = CoreComponents["position"];
 * ```
 */
export interface CoreComponents {
  /** {@linkcode Position} */
  readonly position: typeof Position;
  /** {@linkcode Velocity} */
  readonly velocity: typeof Velocity;
  /** {@linkcode Rotation} */
  readonly rotation: typeof Rotation;
  /** {@linkcode Scale} */
  readonly scale: typeof Scale;
  /** {@linkcode Collider} */
  readonly collider: typeof Collider;
  /** {@linkcode ZIndex} */
  readonly zindex: typeof ZIndex;
  /** {@linkcode Friction} */
  readonly friction: typeof Friction;
  /** {@linkcode MaxSpeed} */
  readonly maxSpeed: typeof MaxSpeed;
  /** {@linkcode Frozen} */
  readonly frozen: typeof Frozen;
  /** {@linkcode Persistent} */
  readonly persistent: typeof Persistent;
  /** {@linkcode ScreenSpace} */
  readonly screenSpace: typeof ScreenSpace;
}

/**
 * The core components by the property name they have in `world.components`.
 *
 * @example
 * ```ts
 * import { CORE_COMPONENTS } from "./components.ts";
 * console.assert(Object.keys(CORE_COMPONENTS)[0] === "position");
 * ```
 */
export const CORE_COMPONENTS: CoreComponents = Object.freeze({
  position: Position,
  velocity: Velocity,
  rotation: Rotation,
  scale: Scale,
  collider: Collider,
  zindex: ZIndex,
  friction: Friction,
  maxSpeed: MaxSpeed,
  frozen: Frozen,
  persistent: Persistent,
  screenSpace: ScreenSpace,
});

/**
 * The store type for a component definition.
 *
 * @example
 * ```ts
 * import type { StoreOf } from "./components.ts";
 * import type { Position } from "./components.ts";
 * type P = StoreOf<typeof Position>; // { x: Float64Array, y: Float64Array }
 * ```
 */
export type StoreOf<D> = D extends ComponentDef<infer F> ? Store<F> : never;

/**
 * The stores of the core components of one world, for direct typed-array access
 * in hot code.
 *
 * @example
 * ```ts
 * import { createWorld } from "./world.ts";
 * const { position, velocity } = createWorld().components;
 * ```
 */
export type CoreStores = {
  readonly [K in keyof CoreComponents]: StoreOf<CoreComponents[K]>;
};

/**
 * Allocate the core stores at `capacity` rows.
 *
 * @example
 * ```ts
 * import { createCoreStores } from "./components.ts";
 * const stores = createCoreStores(16);
 * console.assert(stores.scale.x[5] === 1);
 * ```
 */
export function createCoreStores(capacity: number): CoreStores {
  const entries = Object.entries(CORE_COMPONENTS).map(([key, def]) => [
    key,
    createStore(def as ComponentDef, capacity),
  ]);
  return Object.freeze(Object.fromEntries(entries)) as CoreStores;
}
