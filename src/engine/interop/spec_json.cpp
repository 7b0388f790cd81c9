#include "spec_json.h"

#include <nlohmann/json.hpp>

#include "error.h"

namespace ae::interop {

using nlohmann::json;

std::string spec_to_json(const ModelFile& f) {
  const ModelSpec& s = f.spec;
  json conv = json::array();
  for (const auto& c : s.conv) conv.push_back({c.channels, c.kernel, c.stride, c.pad});
  json j = {{"format", "aeplay"},
            {"family", to_string(s.family)},
            {"sizes", s.sizes},
            {"hidden", to_string(s.hidden)},
            {"latent", to_string(s.latent)},
            {"output", to_string(s.output)},
            {"loss", to_string(s.loss)},
            {"tied", s.tied},
            {"penalty", to_string(s.penalty)},
            {"penalty_weight", s.penalty_weight},
            {"sparsity_target", s.sparsity_target},
            {"beta", s.beta},
            {"likelihood", to_string(s.likelihood)},
            {"image_side", s.image_side},
            {"conv", conv},
            {"trained_noise", to_string(f.trained_noise)},
            {"notes", f.notes}};
  if (s.code_noise > 0) j["code_noise"] = s.code_noise;  // a hashing model's (absent: none, as before)
  if (s.in_channels != 1 || s.out_channels != 1) {         // a colour conv model's (absent: grey, as before)
    j["in_channels"] = s.in_channels;
    j["out_channels"] = s.out_channels;
  }
  // ensure_ascii; invalid UTF-8 in the notes is replaced rather than thrown on.
  return j.dump(-1, ' ', true, json::error_handler_t::replace);
}

namespace {

[[noreturn]] void bad(const std::string& field, const std::string& why) {
  throw Error("architecture metadata: '" + field + "' " + why);
}

const json& field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) bad(name, "is missing");
  return *it;
}

std::string text(const json& j, const char* name) {
  const json& v = field(j, name);
  if (!v.is_string()) bad(name, "must be a string");
  return v.get<std::string>();
}

int integer(const json& v, const std::string& name, int lo, int hi) {
  if (!v.is_number_integer()) bad(name, "must be a whole number");
  const int64_t x = v.get<int64_t>();
  if (x < lo || x > hi) bad(name, "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<int>(x);
}

float number(const json& j, const char* name, float fallback) {
  auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (!it->is_number()) bad(name, "must be a number");
  return static_cast<float>(it->get<double>());
}

}  // namespace

ModelFile spec_from_json(const std::string& source) {
  if (source.size() > kMaxSpecJsonBytes) throw Error("architecture metadata longer than 1 MiB");
  json j = json::parse(source, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw Error("architecture metadata is not valid JSON");
  if (!j.is_object()) throw Error("architecture metadata is not a JSON object");
  if (text(j, "format") != "aeplay") bad("format", "must be \"aeplay\"");
  ModelFile f;
  ModelSpec& s = f.spec;
  try {
    s.family = parse_family(text(j, "family"));
    const json& sizes = field(j, "sizes");
    if (!sizes.is_array() || sizes.size() < 2 || sizes.size() > size_t(kMaxEncoderLayers) + 1)
      bad("sizes", "must be a list of 2.." + std::to_string(kMaxEncoderLayers + 1) + " layer sizes");
    s.sizes.clear();
    for (const json& v : sizes) s.sizes.push_back(integer(v, "sizes", 1, kMaxLayerSize));
    s.hidden = parse_activation(text(j, "hidden"));
    s.latent = parse_activation(text(j, "latent"));
    s.output = parse_activation(text(j, "output"));
    s.loss = parse_loss(text(j, "loss"));
    const json& tied = field(j, "tied");
    if (!tied.is_boolean()) bad("tied", "must be true or false");
    s.tied = tied.get<bool>();
    if (j.contains("penalty")) s.penalty = parse_penalty(text(j, "penalty"));
    s.penalty_weight = number(j, "penalty_weight", s.penalty_weight);
    s.sparsity_target = number(j, "sparsity_target", s.sparsity_target);
    s.beta = number(j, "beta", s.beta);
    s.code_noise = number(j, "code_noise", s.code_noise);
    if (j.contains("likelihood")) s.likelihood = parse_likelihood(text(j, "likelihood"));
    if (j.contains("image_side")) s.image_side = integer(j["image_side"], "image_side", 1, 1024);
    if (j.contains("in_channels")) s.in_channels = integer(j["in_channels"], "in_channels", 1, 4);
    if (j.contains("out_channels")) s.out_channels = integer(j["out_channels"], "out_channels", 1, 4);
    if (j.contains("conv")) {
      const json& conv = j["conv"];
      if (!conv.is_array() || conv.size() > 8) bad("conv", "must be a list of at most 8 [channels, kernel, stride, pad]");
      for (const json& c : conv) {
        if (!c.is_array() || c.size() != 4) bad("conv", "entries must be [channels, kernel, stride, pad]");
        s.conv.push_back({integer(c[0], "conv", 1, 512), integer(c[1], "conv", 1, 11), integer(c[2], "conv", 1, 4),
                          integer(c[3], "conv", 0, 10)});
      }
    }
    if (j.contains("trained_noise")) f.trained_noise = parse_noise(text(j, "trained_noise"));
    if (j.contains("notes")) f.notes = text(j, "notes").substr(0, kMaxNotesBytes);
    validate(s);
  } catch (const json::exception& e) {
    throw Error(std::string("architecture metadata: ") + e.what());
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.rfind("architecture metadata", 0) == 0) throw;
    throw Error("architecture metadata: " + what);
  }
  return f;
}

}  // namespace ae::interop
