// A small command-line option parser: --name value / --name=value / --flag, positionals, and one
// clear error line for anything unknown or malformed.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace cli {

struct OptionDef {
  std::string name;  // without the dashes
  bool takes_value;
  std::string help;
};

class Args {
 public:
  // Parses argv[first..]; throws ae::Error for unknown options or missing values.
  Args(const std::string& command, int argc, char** argv, int first, std::vector<OptionDef> defs);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string str(const std::string& name, const std::string& fallback = "") const;
  long integer(const std::string& name, long fallback, long lo, long hi) const;
  double number(const std::string& name, double fallback, double lo, double hi) const;
  std::vector<int> int_list(const std::string& name, const std::string& fallback) const;  // "784,256,32"
  const std::vector<std::string>& positionals() const { return positionals_; }
  std::string usage() const;  // one line per option

 private:
  std::string command_;
  std::vector<OptionDef> defs_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positionals_;
};

}  // namespace cli
