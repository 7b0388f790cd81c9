// GLSL programs loaded from shaders/ at run time.
#pragma once

#include <string>

#include "gl.h"

namespace aeplay {

// Compiles and links a vertex + fragment shader pair. The files carry no #version line: `glsl_version`
// (the platform's, e.g. "#version 300 es") and a precision line are prepended, so one source serves
// desktop GL 3.3 core and WebGL2. Returns 0 and sets `error` (with the file name and GL's log) on failure.
GLuint load_program(const std::string& vert_path, const std::string& frag_path, const char* glsl_version,
                    std::string& error);

}  // namespace aeplay
