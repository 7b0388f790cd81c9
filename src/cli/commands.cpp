#include "commands.h"

#include <algorithm>

namespace cli {

const Command* find_command(const std::string& name) {
  for (const Command& c : kCommands)
    if (name == c.name) return &c;
  return nullptr;
}

std::string usage_text() {
  std::string out =
      "aeplay - autoencoder playground, headless\n"
      "\n"
      "usage: aeplay <command> [options]   (aeplay <command> --help for its options; aeplay --version)\n"
      "\n"
      "commands:\n";
  constexpr size_t kNameWidth = 8, kExampleColumn = 54;  // the examples line up in one column
  for (const Command& c : kCommands) {
    std::string line = "  " + std::string(c.name);
    line.resize(std::max(line.size() + 1, 2 + kNameWidth), ' ');
    line += c.help;
    line.resize(std::max(line.size() + 1, kExampleColumn), ' ');
    out += line + c.example + "\n";
  }
  return out;
}

std::string command_names() {
  std::string out;
  for (const Command& c : kCommands) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

}  // namespace cli
