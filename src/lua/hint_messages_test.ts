import { assertEquals } from "@std/assert";
import {
  nameHint,
  unbuiltBuilder,
  undefinedCallback,
  unknownFunction,
  unknownMethod,
} from "./hint_messages.ts";

Deno.test("each sentence names what is wrong and, when one is close, the name that was meant", () => {
  assertEquals(
    unknownFunction("engine", "spwan", ["spawn", "clone"]),
    "unknown engine function engine.spwan; did you mean `engine.spawn`?",
  );
  assertEquals(unknownFunction("ecs", "boom", ["createEntity"]), "unknown ecs function ecs.boom");
  assertEquals(
    unknownMethod("buld", ["build", "with_group"]),
    "unknown builder method buld; did you mean `build`?",
  );
  assertEquals(
    undefinedCallback("tikc", ["tick", "tock"]),
    "callback 'tikc' is not defined by the game; did you mean `tick`?",
  );
  assertEquals(
    unbuiltBuilder("clone"),
    "engine.clone() makes a builder that is never built; end its chain with :build()",
  );
});

Deno.test("nameHint gives the run-time lookups the same sentences as check", () => {
  assertEquals(nameHint("builder", "buld", ["build"]), unknownMethod("buld", ["build"]));
  assertEquals(nameHint("cvar", "gett", ["get"]), unknownFunction("cvar", "gett", ["get"]));
  assertEquals(nameHint("callback", "tikc", ["tick"]), "did you mean `tick`?");
  assertEquals(nameHint("callback", "zzz", ["tick"]), "");
});
