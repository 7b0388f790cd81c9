#include "families.h"

#include "error.h"

namespace ae {

namespace {
constexpr bool rows_follow_the_enum() {
  for (int i = 0; i < kFamilyCount; ++i)
    if (static_cast<int>(kFamilies[i].family) != i) return false;
  return true;
}
static_assert(kFamilyCount == static_cast<int>(Family::Conv) + 1, "one kFamilies row per Family");
static_assert(rows_follow_the_enum(), "kFamilies rows in Family order");
}  // namespace

const char* to_string(Family f) { return static_cast<int>(f) < kFamilyCount ? family_info(f).name : "?"; }

Family parse_family(const std::string& name) {
  for (const FamilyInfo& info : kFamilies)
    if (name == info.name) return info.family;
  if (name == "dense" || name == "ae") return Family::Autoencoder;
  throw Error("unknown family '" + name + "' (choose " + family_names() + ")");
}

std::string family_names() {
  std::string out;
  for (const FamilyInfo& info : kFamilies) out += (out.empty() ? "" : ", ") + std::string(info.name);
  return out;
}

}  // namespace ae
