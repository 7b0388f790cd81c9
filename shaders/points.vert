// The latent map's scatter plot: one instanced quad per point (4 vertices as a triangle strip, corners from
// gl_VertexID), placed at the point's map coordinates and coloured by its digit label.
// No #version line: the loader prepends the platform's ("#version 330 core" or "#version 300 es").
layout(location = 0) in vec2 a_pos;     // per instance: map coordinates (data units)
layout(location = 1) in float a_label;  // per instance: digit 0..9

uniform vec2 u_center;      // map point at the middle of the target
uniform vec2 u_half;        // half the visible extent, in data units (x, y)
uniform vec2 u_point;       // half the point size, in clip units (x, y)
uniform vec3 u_palette[10];

out vec3 v_color;
out vec2 v_corner;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1)) * 2.0 - 1.0;
    vec2 clip = (a_pos - u_center) / u_half;
    // Texture row 0 is shown at the top by ImGui::Image and clip y = -1 lands in row 0: flip y so that
    // larger map y is drawn higher up, as on paper.
    clip.y = -clip.y;
    gl_Position = vec4(clip + corner * u_point, 0.0, 1.0);
    v_corner = corner;
    v_color = u_palette[int(mod(floor(a_label + 0.5), 10.0))];  // more than 10 classes: colours repeat
}
