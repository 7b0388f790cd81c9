#include "shader.h"

#include "platform.h"

namespace aeplay {
namespace {

GLuint compile(GLenum type, const std::string& path, const char* glsl_version, std::string& error) {
    std::string body;
    if (!read_text_file(path, body)) {
        error = "cannot read shader " + path;
        return 0;
    }
    // GLSL ES needs a default float precision; desktop GLSL accepts and ignores the line.
    const std::string source = std::string(glsl_version) + "\nprecision highp float;\n#line 1\n" + body;
    const char* text = source.c_str();
    GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &text, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        error = path + ": " + log;
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

}  // namespace

GLuint load_program(const std::string& vert_path, const std::string& frag_path, const char* glsl_version,
                    std::string& error) {
    GLuint vs = compile(GL_VERTEX_SHADER, vert_path, glsl_version, error);
    if (!vs) return 0;
    GLuint fs = compile(GL_FRAGMENT_SHADER, frag_path, glsl_version, error);
    if (!fs) {
        glDeleteShader(vs);
        return 0;
    }
    GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);  // the program keeps them alive as long as it needs them
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048] = {};
        glGetProgramInfoLog(program, sizeof log, nullptr, log);
        error = "linking " + vert_path + " + " + frag_path + ": " + log;
        glDeleteProgram(program);
        return 0;
    }
    return program;
}

}  // namespace aeplay
