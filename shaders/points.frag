// A round, slightly soft point; overlapping points blend, so dense clusters read as dense.
uniform float u_alpha;

in vec3 v_color;
in vec2 v_corner;
out vec4 frag_color;

void main() {
    float d = length(v_corner);
    if (d > 1.0) discard;
    frag_color = vec4(v_color, u_alpha * (1.0 - smoothstep(0.55, 1.0, d)));
}
