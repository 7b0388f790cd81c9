// The anomaly meter's figures and "this digit in N bytes" (docs/playground.md, docs/results.md).
#include <algorithm>

#include "core/playground.h"
#include "importance.h"
#include "likelihood.h"
#include "metrics.h"

namespace aeplay {

namespace {
constexpr ae::Index kReferenceDigits = 1000;
// While a run trains, the reference follows each epoch's weights in slices of this many digits per call (one
// per frame), so the page's thread is never held for the whole set (~40 ms in wasm); otherwise all at once.
constexpr ae::Index kReferenceSlice = 200;

// The ELBO and the IWAE bound of the input, binarized with the test set's fixed seed; seeded, so the same
// input and model give the same figures.
void score_likelihood(const ae::Autoencoder& m, const ae::Mat& clean, InputScores& s) {
  if (!ae::likelihood_refusal(m.spec()).empty()) return;
  const ae::Mat bits = ae::binarized(clean);
  ae::Rng rng(1, 11);
  ae::Workspace ws;
  const ae::ImageLikelihood l = ae::importance_sampled(m, bits.col(0), kPageImportanceSamples, rng, ws);
  s.has_likelihood = true;
  s.likelihood_k = kPageImportanceSamples;
  s.elbo = l.elbo;
  s.log_px = l.log_px;
}
}  // namespace

void Playground::build_reference(const ae::Autoencoder& m, const Versions& target) {
  ReferenceInProgress& r = reference_next_;
  const ae::Index n = std::min(kReferenceDigits, test_.size());
  if (r.target != target) {
    r = {};
    r.target = target;
  }
  const bool sliced = training_.state() == TrainState::Running;
  while (r.done < n) {
    const ae::Index count = sliced ? std::min(kReferenceSlice, n - r.done) : n - r.done;
    const ae::Mat x = test_.images.columns(r.done, count);
    const std::vector<double> errors = ae::squared_error_each(x, m.reconstruct(x));
    const ae::Mat code = m.encode(x);
    r.errors.insert(r.errors.end(), errors.begin(), errors.end());
    if (r.codes.rows() != code.rows()) r.codes.resize(code.rows(), n);
    r.codes.middleCols(r.done, count) = code;
    r.done += count;
    if (sliced) break;
  }
  if (r.done < n) return;  // the last complete reference stays in use meanwhile
  reference_errors_ = std::move(r.errors);
  std::sort(reference_errors_.begin(), reference_errors_.end());
  code_quantizer_ = ae::UniformQuantizer::fit(r.codes, 8);
  reference_built_from_ = target;
  r = {};
}

const InputScores& Playground::input_scores() {
  update();
  const ae::Autoencoder* m = current_model();
  Versions reference;
  reference.model_epoch = versions_.model_epoch;
  reference.test_set = versions_.test_set;
  if (m && test_.size() > 0 && reference != reference_built_from_) build_reference(*m, reference);
  Versions wanted = reference_built_from_;
  wanted.input = versions_.input;
  wanted.model = versions_.model;
  if (wanted == scores_built_from_) return scores_;
  scores_built_from_ = wanted;
  scores_ = {};
  if (!m || test_.size() == 0 || reference_errors_.empty()) return scores_;
  const Eigen::Map<const ae::Mat> clean(clean_.data(), kPixels, 1);
  scores_.error = ae::squared_error_each(clean, m->reconstruct(clean))[0];
  const auto& ref = reference_errors_;
  const auto below = std::lower_bound(ref.begin(), ref.end(), scores_.error) - ref.begin();
  const auto equal = std::upper_bound(ref.begin(), ref.end(), scores_.error) - ref.begin() - below;
  scores_.percentile = 100.0 * (static_cast<double>(below) + 0.5 * static_cast<double>(equal)) / static_cast<double>(ref.size());
  scores_.reference_p95 = ref[std::min(ref.size() - 1, static_cast<size_t>(0.95 * static_cast<double>(ref.size())))];
  scores_.reference_digits = static_cast<int>(ref.size());
  const ae::Mat code = m->encode(clean);
  if (code.rows() == code_quantizer_.dims()) {
    scores_.code_bytes = static_cast<int>(code.rows());
    const ae::Mat decoded = m->decode(code_quantizer_.round_trip(code));
    scores_.quantised_psnr = ae::psnr(clean, decoded);
    for (int i = 0; i < kPixels; ++i) scores_.quantised[size_t(i)] = std::clamp(decoded(i, 0), 0.0f, 1.0f);
  }
  score_likelihood(*m, clean, scores_);
  scores_.valid = true;
  return scores_;
}

}  // namespace aeplay
