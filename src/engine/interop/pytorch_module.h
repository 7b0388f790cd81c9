// The Python source of the documented PyTorch module for an architecture (module_layout.h): printed by
// `aeplay export --pytorch`, so that `Module().load_state_dict(tensors)` takes any export unchanged.
#pragma once
#include <string>

#include "model.h"

namespace ae::interop {

std::string pytorch_module_source(const ModelSpec& spec);

}  // namespace ae::interop
