#include "gfx/shader.h"

#include "platform/platform.h"

namespace aeplay {
namespace {

// Whether a shader compiled / a program linked; if not, `error` gets `what` and GL's log.
template <class GetIv, class GetLog>
bool succeeded(GLuint object, GLenum status, GetIv get_iv, GetLog get_log, const std::string& what, std::string& error) {
    GLint ok = 0;
    get_iv(object, status, &ok);
    if (ok) return true;
    char log[2048] = {};
    get_log(object, sizeof log, nullptr, log);
    error = what + ": " + log;
    return false;
}

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
    if (!succeeded(shader, GL_COMPILE_STATUS, glGetShaderiv, glGetShaderInfoLog, path, error)) {
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

}  // namespace

void find_uniforms(GLuint program, std::initializer_list<std::pair<GLint*, const char*>> uniforms) {
    for (const auto& [slot, name] : uniforms) *slot = glGetUniformLocation(program, name);
}

GLuint load_named_program(const char* name, const char* glsl_version, std::string& error) {
    const std::string base = std::string("shaders/") + name;
    return load_program(platform_asset_path((base + ".vert").c_str()), platform_asset_path((base + ".frag").c_str()),
                        glsl_version, error);
}

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
    if (!succeeded(program, GL_LINK_STATUS, glGetProgramiv, glGetProgramInfoLog,
                   "linking " + vert_path + " + " + frag_path, error)) {
        glDeleteProgram(program);
        return 0;
    }
    return program;
}

}  // namespace aeplay
