-- Moonglow Shader Lab: a small menu of post-process effects and sounds.
-- Up/down pick an item, space (or z) applies it, left/right change the
-- effect strength (a shader uniform). The moon has its own entity shader.
-- Shaders need the web renderer (deno task demo:web runs the shooter; use
-- deno task run examples/shader_lab --renderer web); in the terminal the
-- menu, sprites and sounds' log still work.

local ITEMS = {
  { id = "none", label = "No effect" },
  { id = "scanlines", label = "Scanlines" },
  { id = "grayscale", label = "Grey tint" },
  { id = "wave", label = "Wave" },
  { id = "chain", label = "Wave + scanlines" },
  { id = "sound", label = "Play a sound" },
  { id = "music", label = "Music on / off" },
}
local MENU_X, MENU_Y, SPACING = 60, 170, 34

function on_setup()
  engine.load_texture("moon", "assets/moon.png")
  engine.load_texture("bars", "assets/bars.png")
  engine.load_shader("scanlines", "shaders/scanlines.frag")
  engine.load_shader("grayscale", "shaders/grayscale.frag")
  engine.load_shader("wave", "shaders/wave.frag")
  engine.load_shader("pulse", "shaders/pulse.frag")
  engine.load_sound("select", "assets/select.wav")
  engine.load_sound("apply", "assets/apply.wav")
  engine.load_music("theme", "assets/music.wav")
  engine.set_string("scene", "lab")
end

function on_switch_scene(scene)
  engine.set_integer("selected", 1)
  engine.set_scalar("amount", 1.0)
  engine.set_string("effect", "none")
  engine.spawn():with_screen_position(60, 60):with_text("SHADER LAB", nil, 40, 250, 235, 170, 255):build()
  engine.spawn():with_screen_position(60, 120)
    :with_text("", nil, 18, 160, 170, 200, 255)
    :with_signal_binding("amount"):with_signal_binding_format("strength {}  (left / right)"):build()
  for i, item in ipairs(ITEMS) do
    engine.spawn():with_group("item"):with_screen_position(MENU_X + 30, MENU_Y + (i - 1) * SPACING)
      :with_text(item.label, nil, 24, 200, 200, 220, 255):with_signal_integer("index", i):build()
  end
  engine.spawn():with_group("cursor"):with_screen_position(MENU_X, MENU_Y)
    :with_text(">", nil, 24, 255, 220, 90, 255):register_as("cursor"):build()
  engine.spawn():with_position(560, 260):with_sprite("moon", 128, 128, 64, 64)
    :with_shader("pulse", { u_speed = 0.5 }):with_tween_rotation(-8, 8, 3)
    :with_tween_rotation_loop("ping_pong"):with_tween_rotation_easing("sine_in_out"):build()
  engine.spawn():with_position(400, 530):with_sprite("bars", 256, 64, 128, 32):with_scale(2, 1.25)
    :build()
end

local function apply_effect(id)
  local chains = {
    none = nil,
    scanlines = { "scanlines" },
    grayscale = { "grayscale" },
    wave = { "wave" },
    chain = { "wave", "scanlines" },
  }
  engine.post_process_shader(chains[id])
  engine.set_string("effect", id)
end

local function set_amount(a)
  a = math.max(0, math.min(1, a))
  a = math.floor(a * 10 + 0.5) / 10
  engine.set_scalar("amount", a)
  engine.post_process_set_float("u_amount", a)
  engine.post_process_set_vec4("u_tint", 0.7 + 0.3 * a, 0.9, 1.0, 1.0)
end

function on_update_lab(input, dt)
  local d = input.digital
  local selected = engine.get_integer("selected") or 1
  local moved = selected
  if d.up.just_pressed then moved = (selected - 2) % #ITEMS + 1 end
  if d.down.just_pressed then moved = selected % #ITEMS + 1 end
  if moved ~= selected then
    engine.set_integer("selected", moved)
    engine.entity_set_position(engine.get_entity("cursor"), MENU_X, MENU_Y + (moved - 1) * SPACING)
    engine.play_sound("select")
  end
  local amount = engine.get_scalar("amount") or 1
  if d.left.just_pressed then set_amount(amount - 0.1) end
  if d.right.just_pressed then set_amount(amount + 0.1) end
  if d.action_1.just_pressed then
    local item = ITEMS[moved]
    if item.id == "sound" then
      engine.play_sound("apply")
    elseif item.id == "music" then
      if engine.has_flag("music_on") then
        engine.stop_all_music()
        engine.clear_flag("music_on")
      else
        engine.play_music("theme", true)
        engine.set_flag("music_on")
      end
    else
      apply_effect(item.id)
      set_amount(amount)
      engine.play_sound("apply")
    end
  end
end
