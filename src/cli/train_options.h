// The options of `aeplay train`: a preset (or the defaults) overridden by flags, turned into the
// model spec and the training configuration.
#pragma once
#include <vector>

#include "args.h"
#include "presets.h"

namespace cli {

std::vector<OptionDef> train_option_defs();
// Throws ae::Error for any bad value, naming the flag.
ae::Preset train_setup_from(const Args& args);
std::string list_presets();

}  // namespace cli
