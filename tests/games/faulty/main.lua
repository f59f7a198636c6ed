-- Hostile and failing callbacks: each must cost only itself.
function on_setup() engine.load_texture("ghost", "no/such.png") end
function on_switch_scene(scene)
  local fns = { "spin", "boom", "bomb", "fine", "typo" }
  for i = 1, 5 do
    engine.spawn():with_group("e"):with_position(i, 0):with_lua_timer(1 / 60, fns[i]):build()
  end
end

function spin(ctx) engine.set_flag("spin_ran"); while true do pcall(function() while true do end end) end end
function boom(ctx) engine.set_flag("boom_ran"); error("boom at entity " .. ctx.id) end
function bomb(ctx) engine.set_flag("bomb_ran"); local s, t = ("x"):rep(1024), {} for i = 1, 1e9 do t[i] = s .. i end end
function fine(ctx) engine.set_integer("fine", (engine.get_integer("fine") or 0) + 1) end
function typo(ctx) engine.set_flag("typo_ran"); engine.entity_insert_lua_timer(ctx.id, 1, "no_such_function") end
