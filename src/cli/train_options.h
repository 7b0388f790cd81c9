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

// The architecture flags alone (a preset, --family, --layers, --conv, activations, --loss, --tied, the
// penalty and VAE flags), for commands that describe a model without training it (export, import).
std::vector<OptionDef> architecture_option_defs();
// Throws ae::Error for any bad value, naming the flag; the result is validated.
ae::ModelSpec architecture_from(const Args& args);

}  // namespace cli
