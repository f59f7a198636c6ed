// Post-process: fade to grey by u_amount, then tint by u_tint.rgb.
uniform float u_amount;
uniform vec4 u_tint;
void main() {
  vec3 c = texture(u_texture, v_uv).rgb;
  float g = dot(c, vec3(0.299, 0.587, 0.114));
  fragColor = vec4(mix(c, vec3(g) * u_tint.rgb, u_amount), 1.0);
}
