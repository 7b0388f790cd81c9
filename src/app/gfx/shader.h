// GLSL programs loaded from shaders/ at run time.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "gfx/gl.h"

namespace aeplay {

// Compiles and links a vertex + fragment shader pair. The files carry no #version line: `glsl_version`
// (the platform's, e.g. "#version 300 es") and a precision line are prepended, so one source serves
// desktop GL 3.3 core and WebGL2. Returns 0 and sets `error` (with the file name and GL's log) on failure.
GLuint load_program(const std::string& vert_path, const std::string& frag_path, const char* glsl_version,
                    std::string& error);
// Looks up each named uniform of `program` into its slot (-1 if the shader has none of that name).
void find_uniforms(GLuint program, std::initializer_list<std::pair<GLint*, const char*>> uniforms);
// The same for shaders/NAME.vert + shaders/NAME.frag, found through platform_asset_path.
GLuint load_named_program(const char* name, const char* glsl_version, std::string& error);

}  // namespace aeplay
