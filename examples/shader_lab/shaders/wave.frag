// Post-process: a horizontal wave over time; u_amount scales it.
uniform float u_amount;
void main() {
  vec2 uv = v_uv;
  uv.x += sin(uv.y * 24.0 + u_time * 3.0) * 0.012 * u_amount;
  fragColor = vec4(texture(u_texture, uv).rgb, 1.0);
}
