// Draws a float image as crisp pixels (nearest texel, no smoothing), as grey levels or through a
// colour map for error heat-maps.
uniform sampler2D u_image;  // R32F, row 0 = top row of the image
uniform vec2 u_range;       // (lo, hi): values mapped to 0..1 before colouring
uniform int u_colormap;     // 0 = grey, 1 = inferno

in vec2 v_uv;
out vec4 frag_color;

// Inferno (matplotlib, perceptually uniform, dark -> bright): 10 evenly spaced stops, linear in between.
vec3 inferno(float t) {
    const vec3 stops[10] = vec3[10](
        vec3(0.000, 0.000, 0.016), vec3(0.106, 0.047, 0.255), vec3(0.290, 0.047, 0.420),
        vec3(0.471, 0.110, 0.427), vec3(0.647, 0.173, 0.376), vec3(0.812, 0.267, 0.275),
        vec3(0.929, 0.412, 0.145), vec3(0.984, 0.608, 0.024), vec3(0.969, 0.820, 0.239),
        vec3(0.988, 1.000, 0.643));
    float x = clamp(t, 0.0, 1.0) * 9.0;
    int i = min(int(x), 8);
    return mix(stops[i], stops[i + 1], x - float(i));
}

void main() {
    ivec2 size = textureSize(u_image, 0);
    ivec2 texel = clamp(ivec2(v_uv * vec2(size)), ivec2(0), size - 1);
    float v = texelFetch(u_image, texel, 0).r;
    float t = clamp((v - u_range.x) / max(u_range.y - u_range.x, 1e-6), 0.0, 1.0);
    vec3 rgb = u_colormap == 1 ? inferno(t) : vec3(t);
    frag_color = vec4(rgb, 1.0);
}
