// Post-process: dark scanlines and a slight vignette; u_amount 0..1 sets the strength.
uniform float u_amount;
void main() {
  vec3 c = texture(u_texture, v_uv).rgb;
  float line = 0.5 + 0.5 * sin(v_uv.y * u_resolution.y * 3.14159);
  vec2 d = v_uv - 0.5;
  float vignette = 1.0 - dot(d, d) * 1.2 * u_amount;
  fragColor = vec4(c * mix(1.0, line, 0.6 * u_amount) * vignette, 1.0);
}
