// Full-target quad for drawing one small image (e.g. a 28x28 digit) into a texture.
// No #version line: the loader prepends the platform's ("#version 330 core" or "#version 300 es").
// No vertex buffer either: 4 vertices as a triangle strip, corners derived from gl_VertexID.
out vec2 v_uv;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
    // v_uv (0,0) lands in texture row 0 of the render target, which ImGui::Image shows at the top:
    // so the image's row 0 (its top) is sampled at v_uv.y = 0 and nothing needs flipping.
    v_uv = corner;
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
