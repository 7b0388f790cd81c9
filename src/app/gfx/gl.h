// OpenGL entry points for our own rendering code (ImGui's backend loads its own).
// Web: WebGL2 is exposed as GLES 3.0. Desktop: core-profile prototypes, exported directly by Linux's libGL
// (glvnd), so no loader is needed.
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>
#endif

namespace aeplay {

// Base of the classes that own GL objects: they delete them in their destructors, so they are not copyable.
// Each also has forget_gl(): after a lost context the objects are gone, so the ids are dropped (not deleted)
// and the next use re-creates them.
class GlOwner {
 public:
    GlOwner(const GlOwner&) = delete;
    GlOwner& operator=(const GlOwner&) = delete;

 protected:
    GlOwner() = default;
    ~GlOwner() = default;
};

}  // namespace aeplay
