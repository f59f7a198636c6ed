-- The collision storm as an engine game: config.pairs overlapping pairs of
-- groups a and b (laid out by layout.storm), met every frame through the
-- rule a/b -> config.callback (hit, hit_scored or hit_components) when config.rule is true;
-- without it the same world runs with no rule. config.lua is written by
-- bench/_worlds.ts.
-- luacheck: globals engine on_setup on_switch_scene
local config = require("config")
local layout = require("layout")
require("storm_callbacks")
if config.callback == "hit_components" then require("storm_components") end

local SIZE, ORIGIN, OFFSET = layout.SIZE, layout.ORIGIN, layout.OFFSET

local function side(group, x, y)
  engine.spawn():with_group(group):with_position(x, y):with_velocity(0, 0)
    :with_collider(SIZE, SIZE, ORIGIN, ORIGIN):with_signal_integer("hits", 0):build()
end

function on_setup()
  engine.set_string("scene", "play")
end

function on_switch_scene()
  if config.rule then engine.spawn():with_lua_collision_rule("a", "b", config.callback):build() end
  for i = 1, config.pairs do
    local x, y = layout.storm(i)
    side("a", x, y)
    side("b", x + OFFSET, y + OFFSET)
  end
end
