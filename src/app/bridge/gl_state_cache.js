// Emscripten JS library (linked with --js-library): glGetIntegerv answers the scissor box and the blend state
// from a shadow of what this program set, instead of asking WebGL. Dear ImGui's OpenGL3 backend backs these up
// every frame (imgui_impl_opengl3.cpp, RenderDrawData), and in Chromium each is a synchronous round trip to the
// GPU process: the first one waited for the previous frame to finish drawing (~40 ms with software WebGL), so
// every frame became a main-thread task over 50 ms. Values this program never set are asked of WebGL as before.
// The shadow hangs on the context object; web/page.js drops it when a lost context comes back (state reset).
mergeInto(LibraryManager.library, {
  $aeplayGlShadow: function () {
    return GLctx.aeplayShadow || (GLctx.aeplayShadow = {});
  },
  glScissor__deps: ['$aeplayGlShadow'],
  glScissor: function (x, y, w, h) {
    GLctx.scissor(x, y, w, h);
    aeplayGlShadow()[0x0C10] = [x, y, w, h];  // GL_SCISSOR_BOX
  },
  glBlendFuncSeparate__deps: ['$aeplayGlShadow'],
  glBlendFuncSeparate: function (srcRgb, dstRgb, srcAlpha, dstAlpha) {
    GLctx.blendFuncSeparate(srcRgb, dstRgb, srcAlpha, dstAlpha);
    const s = aeplayGlShadow();
    s[0x80C9] = srcRgb; s[0x80C8] = dstRgb; s[0x80CB] = srcAlpha; s[0x80CA] = dstAlpha;  // GL_BLEND_{SRC,DST}_{RGB,ALPHA}
  },
  glBlendFunc__deps: ['$aeplayGlShadow'],
  glBlendFunc: function (src, dst) {
    GLctx.blendFunc(src, dst);
    const s = aeplayGlShadow();
    s[0x80C9] = s[0x80CB] = src; s[0x80C8] = s[0x80CA] = dst;
  },
  glBlendEquationSeparate__deps: ['$aeplayGlShadow'],
  glBlendEquationSeparate: function (rgb, alpha) {
    GLctx.blendEquationSeparate(rgb, alpha);
    const s = aeplayGlShadow();
    s[0x8009] = rgb; s[0x883D] = alpha;  // GL_BLEND_EQUATION_RGB, GL_BLEND_EQUATION_ALPHA
  },
  glBlendEquation__deps: ['$aeplayGlShadow'],
  glBlendEquation: function (mode) {
    GLctx.blendEquation(mode);
    const s = aeplayGlShadow();
    s[0x8009] = s[0x883D] = mode;
  },
  glGetIntegerv__deps: ['$emscriptenWebGLGet', '$aeplayGlShadow'],
  glGetIntegerv: function (name, p) {
    const v = p ? aeplayGlShadow()[name] : undefined;
    if (v === undefined) return emscriptenWebGLGet(name, p, 0);  // 0: EM_FUNC_SIG_PARAM_I, as emscripten's own
    if (typeof v === 'number') HEAP32[p >> 2] = v;
    else for (let i = 0; i < v.length; ++i) HEAP32[(p >> 2) + i] = v[i];
  },
});
