-- The swarm as an engine game: config.entities entities, each with a phase
-- whose update callback is config.callback (see swarm_callbacks.lua), or no
-- phase at all when it is "none". config.lua is written by bench/_games.ts.
-- luacheck: globals engine on_setup on_switch_scene
local config = require("config")
local layout = require("layout")
require("swarm_callbacks")

function on_setup()
  engine.set_string("scene", "play")
end

function on_switch_scene()
  for i = 1, config.entities do
    local x, y = layout.swarm(i)
    local e = engine.spawn():with_position(x, y):with_velocity(0, 0)
      :with_signal_integer("count", 0)
    if config.callback ~= "none" then
      e = e:with_phase({ initial = "go", callbacks = { go = config.callback } })
    end
    e:build()
  end
end
