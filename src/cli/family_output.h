// Printing a family's own figures (sparsity, contractive norm, ELBO) for `train` and `eval`.
#pragma once
#include <string>

#include "family_metrics.h"

namespace cli {

std::string family_lines(const ae::ModelSpec& spec, const ae::FamilyReport& r);  // "" when nothing to say
std::string family_json(const ae::ModelSpec& spec, const ae::FamilyReport& r);   // a JSON object

}  // namespace cli
