// One exception type for every error a user can cause (bad file, bad flag, bad hyperparameter).
// The message is written for the user: it names the thing and the problem.
#pragma once
#include <stdexcept>
#include <string>

namespace ae {
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace ae
