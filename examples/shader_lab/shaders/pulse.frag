// Entity shader: the sprite glows brighter and darker at u_speed pulses per second.
uniform float u_speed;
void main() {
  vec4 c = texture(u_texture, v_uv) * u_color;
  float k = 0.75 + 0.35 * sin(u_time * 6.28318 * u_speed);
  fragColor = vec4(c.rgb * k, c.a);
}
