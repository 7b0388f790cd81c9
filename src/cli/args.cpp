#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "error.h"

namespace cli {

using ae::Error;

Args::Args(const std::string& command, int argc, char** argv, int first, std::vector<OptionDef> defs)
    : command_(command), defs_(std::move(defs)) {
  defs_.push_back({"help", false, "show this help"});
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      if (!a.empty() && a[0] == '-' && a.size() > 1)
        throw Error("unknown option '" + a + "' for '" + command_ + "' (options start with --; see --help)");
      positionals_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const OptionDef* def = nullptr;
    for (const auto& d : defs_)
      if (d.name == name) def = &d;
    if (!def) throw Error("unknown option '--" + name + "' for '" + command_ + "' (see " + command_ + " --help)");
    if (def->takes_value && !inline_value) {
      if (i + 1 >= argc) throw Error("option --" + name + " needs a value");
      value = argv[++i];
    } else if (!def->takes_value && inline_value) {
      throw Error("option --" + name + " takes no value");
    }
    values_[name] = value;
  }
}

std::string Args::str(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

long Args::integer(const std::string& name, long fallback, long lo, long hi) const {
  if (!has(name)) return fallback;
  const std::string s = str(name);
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE)
    throw Error("--" + name + " expects an integer, got '" + s + "'");
  if (v < lo || v > hi)
    throw Error("--" + name + " must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " + s);
  return v;
}

double Args::number(const std::string& name, double fallback, double lo, double hi) const {
  if (!has(name)) return fallback;
  const std::string s = str(name);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
    throw Error("--" + name + " expects a number, got '" + s + "'");
  if (v < lo || v > hi) throw Error("--" + name + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + s);
  return v;
}

std::vector<int> Args::int_list(const std::string& name, const std::string& fallback) const {
  const std::string s = has(name) ? str(name) : fallback;
  std::vector<int> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    errno = 0;
    long v = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || end != item.c_str() + item.size() || errno == ERANGE || v < -2147483647L || v > 2147483647L)
      throw Error("--" + name + " expects comma-separated integers like 784,256,32, got '" + s + "'");
    out.push_back(static_cast<int>(v));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string Args::usage() const {
  std::string u;
  for (const auto& d : defs_) {
    std::string left = "  --" + d.name + (d.takes_value ? " VALUE" : "");
    if (left.size() < 26) left.resize(26, ' ');
    u += left + " " + d.help + "\n";
  }
  return u;
}

}  // namespace cli
