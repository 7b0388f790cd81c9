#include "core/lessons.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "error.h"

namespace aeplay {

namespace {
constexpr Panels kNone{};
constexpr Panels kInside{false, false, true, false};
constexpr Panels kLatent{false, false, false, true};
constexpr Panels kTrain{false, true, false, false};

// One row per lesson (scripts/package.py reads these rows to make each lesson's SCORM package).
const Lesson kLessons[] = {
    {"bottleneck", "The bottleneck: an undercomplete autoencoder", "ae-plain", "none", Layout::Strip, kNone, "",
     "Every digit passes through 32 numbers (784-256-32-256-784). Draw or pick digits and compare the input with "
     "the reconstruction: the stroke's shape survives, thin details and odd strokes are smoothed towards typical "
     "digits. Loss: L(x) = sum over the 784 pixels of (x_i - x^_i)^2."},
    {"pca", "A linear autoencoder finds the PCA subspace", "linear", "none", Layout::Strip, kNone, "",
     "With no non-linearity (784-32-784, identity activations) the best an autoencoder can do is project onto "
     "the top 32 principal components: the reconstructions are blurrier than the bottleneck lesson's and look "
     "like PCA's. Loss: L(x) = sum_i (x_i - (W2 W1 x + b)_i)^2, minimised by the PCA subspace."},
    {"overcomplete", "The overcomplete copy problem", "ae-plain", "none", Layout::Full, kTrain, "overcomplete",
     "With 1000 code units for 784 pixels nothing stops an autoencoder from copying its input. Train the "
     "overcomplete preset below and see the training loss fall close to 0; then train overcomplete-denoising "
     "(masking noise) and compare what each does to a corrupted digit. Loss: L(x) = sum_i (x_i - x^_i)^2."},
    {"sparse-l1", "Sparse codes: an L1 activity penalty", "sparse-l1", "none", Layout::Full, kInside, "",
     "The code is pushed towards zeros: open 'Inside the model' and look at the code of this digit and the "
     "histogram of activations, most units are silent for any one digit. "
     "Loss: L(x) = sum_i (x_i - x^_i)^2 + lambda * sum_j |h_j|."},
    {"sparse-kl", "Sparse codes: KL sparsity", "sparse-kl", "none", Layout::Full, kInside, "",
     "Each sigmoid code unit is asked to be active only a fraction rho = 0.05 of the time on average. Inside the "
     "model, compare the mean activation with rho, and the filters with a plain autoencoder's. "
     "Loss: L = sum_i (x_i - x^_i)^2 + beta * sum_j KL(rho || rho^_j), rho^_j the unit's mean activation."},
    {"denoising-gaussian", "Denoising: Gaussian noise", "dae-gaussian", "gaussian:0.5", Layout::Strip, kNone, "",
     "The model saw digits with added Gaussian noise (sigma 0.5) and learned to return the clean digit. Move the "
     "level and compare the two error figures: the reconstruction's error stays far below the corrupted input's. "
     "Loss: L = sum_i (x_i - g(f(x~))_i)^2, x~ = x + noise, against the clean x."},
    {"denoising-mask", "Denoising: masking noise", "dae-mask", "mask:0.5", Layout::Strip, kNone, "",
     "Half of the pixels are set to 0 at random, and the model fills them in from the strokes that are left. "
     "Raise the fraction until the reconstruction breaks. "
     "Loss: L = sum_i (x_i - g(f(x~))_i)^2, x~ = x with a random half of the pixels zeroed."},
    {"denoising-saltpepper", "Denoising: salt-and-pepper noise", "dae-saltpepper", "saltpepper:0.2", Layout::Strip,
     kNone, "",
     "A fraction of the pixels is set to black or white. Watch the white specks in the background vanish from the "
     "reconstruction while the stroke stays. Loss: L = sum_i (x_i - g(f(x~))_i)^2 against the clean x."},
    {"denoising-dropout", "Denoising: dropout noise", "dae-mask", "dropout:0.3", Layout::Strip, kNone, "",
     "Dropout zeroes pixels and scales the survivors by 1/(1-p), so the image gets brighter as well as holier. The "
     "masking model was not trained for the brightening: compare its error here with the masking lesson. "
     "Loss (of the model shown): L = sum_i (x_i - g(f(x~))_i)^2."},
    {"contractive", "The contractive autoencoder", "contractive", "gaussian:0.2", Layout::Full, kInside, "",
     "The code is asked to change little when the input changes a little: small noise barely moves the "
     "reconstruction. Try low Gaussian levels and compare with the bottleneck lesson. "
     "Loss: L = sum_i (x_i - x^_i)^2 + lambda * ||dh/dx||_F^2 (the Jacobian of the code)."},
    {"vae-sampling", "The VAE: new digits from noise", "vae-20d", "none", Layout::Full, kInside, "",
     "A variational autoencoder learns a code distribution close to N(0, I), so decoding random codes gives new "
     "digits: open 'Inside the model', Samples, and sample again. "
     "Loss: L = BCE(x, x^) + beta * KL(q(z|x) || N(0, I)), z = mu + sigma * eps."},
    {"vae-plane", "The VAE's latent plane", "vae-2d", "none", Layout::Full, kLatent, "",
     "With a 2-D code every digit is a point on a plane. In the latent space panel, click anywhere on the map to "
     "decode that point, and follow how one digit turns into another along a path. "
     "Loss: L = BCE(x, x^) + beta * KL(q(z|x) || N(0, I))."},
    {"conv", "A convolutional autoencoder", "conv", "mask:0.3", Layout::Strip, kNone, "",
     "Convolutions share their weights across the image (16 and 32 filters of 3x3, stride 2) and transposed "
     "convolutions paint the digit back. Compare its reconstructions with the bottleneck model's at the same code "
     "size (32). Loss: L(x) = sum over the 784 pixels of (x_i - x^_i)^2."},
    {"stacked", "A stacked autoencoder", "stacked", "none", Layout::Full, kInside, "",
     "Trained one layer at a time (each a shallow autoencoder of the codes below it), then fine-tuned end to end, "
     "with tied weights: the decoder is the encoder transposed. Open 'Inside the model' for its first-layer "
     "filters. Loss (fine-tuning): L = sum_i (x_i - x^_i)^2 with W_decoder = W_encoder^T."},
    {"manifold-pca", "PCA's line against an autoencoder's curve", "ae-plain", "none", Layout::Auto, kNone, "",
     "Points on a spiral in the plane. PCA's best line (grey) cuts straight across it, and each point's "
     "projection onto the line (thin grey segments) travels far. Press Train: the autoencoder 2-32-1-32-2 learns "
     "a curve g(z) (orange) that bends along the spiral, and each point's segment x -> g(f(x)) shrinks. Drag a "
     "point to see its code z and where the model puts it. Loss: L(x) = ||x - g(f(x))||^2.",
     "lab=spiral&family=plain&code=1&views=points,pca,projections,curve,segments"},
    {"dae-field", "The denoising model's vector field", "ae-plain", "none", Layout::Auto, kNone, "",
     "Press Train: the model learns to undo Gaussian noise of sigma 0.1 added to points of a circle. The arrows "
     "r(x) - x on the grid point back towards the circle: for small noise they follow sigma^2 times the gradient "
     "of log p(x). Click anywhere: the dashed circle holds the corruptions of radius sigma that are equally "
     "likely, the arrow is where the model sends that point. Raise sigma and train again: the arrows reach "
     "further out. Loss: L = ||x - g(f(x + e))||^2, e ~ N(0, sigma^2 I).",
     "lab=circle&family=dae&code=1&sigma=0.1&datanoise=0.02&views=points,field,curve"},
    {"cae-tangent", "The contractive model keeps the tangent", "ae-plain", "none", Layout::Auto, kNone, "",
     "Press Train. The contractive model pays for every change of its code, so it keeps only the directions the "
     "data needs: at each point, the ellipse of its Jacobian is long along the circle (its tangent) and thin "
     "across it, and the field pulls points onto the circle. Set lambda to 0 and train again: without the penalty "
     "the ellipses are round, the map keeps both directions. "
     "Loss: L = ||x - r(x)||^2 + lambda * ||dh/dx||_F^2.",
     "lab=circle&family=cae&lambda=0.3&datanoise=0.02&views=points,jacobian,field"},
    {"digit-tangents", "Tangent planes: the directions a model can move in", "ae-plain", "none", Layout::Full, kInside,
     "",
     "'Inside the model', Tangent plane, shows at this digit the directions in which the model's output can "
     "change, strongest first (s says how strongly). Grey means no change; light and dark mark the pixels that "
     "change most, with opposite signs. Switch between the plain, the denoising (dae-gaussian) and the "
     "contractive model, and compare with PCA's components below, which are the same for every digit. Move the "
     "slider to push the digit along one direction and watch what the model makes of it. "
     "Loss (plain): L(x) = sum_i (x_i - x^_i)^2."},
    {"search-by-code", "Search by code: binary codes and Hamming distance", "hash-32", "none", Layout::Full, kInside,
     "",
     "'Inside the model', Search, shows the training images nearest to this digit. The hashing model was trained "
     "with noise added before its sigmoid code, so each of its 32 units ends near 0 or 1: cut at 0.5 they are 32 "
     "bits, and two images are compared by how many bits differ (Hamming distance, a popcount). Pick a few digits "
     "and compare the methods: pixels, PCA codes, the model's real codes, its binary codes, and random "
     "hyperplanes (bits that no training chose). Which finds the same digit most often, and how fast? "
     "Loss: L(x) = sum_i (x_i - x^_i)^2, with h = sigmoid(a(x) + noise) in training."},
    {"likelihood", "How likely is this digit? The VAE's log-likelihood", "vae-bernoulli", "none", Layout::Full, kNone,
     "",
     "A VAE is a generative model: it gives every binary image a probability p(x) = integral of p(x|z) p(z) dz. "
     "Under the reconstruction, 'how likely' shows log p(x) in nats for this digit (binarized), estimated with "
     "200 samples of z from q(z|x), and the ELBO, a lower bound, beside it. Pick 5 test digits: a typical "
     "one scores about -90 nats, thin plain ones higher, odd ones far lower; then draw a scribble and watch "
     "log p(x) fall. "
     "log p(x) >= log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x) >= ELBO. Loss: L = -ELBO = BCE(x, x^) + "
     "KL(q(z|x) || N(0, I)) on binarized digits."},
    {"few-labels", "Few labels: fine-tuning a pretrained encoder", "ae-plain", "none", Layout::Full, kLatent, "",
     "The autoencoder learned its code without labels. With only N labelled digits, put a softmax layer on the code "
     "and fine-tune the whole network; beside it, the same network trained from a random start on the same N "
     "digits. In the latent panel's 'Few labels', pick N, press Train both classifiers and compare the two "
     "accuracies and confusion matrices: the pretrained encoder wins most when N is small. "
     "Loss: L = -log softmax(V s(f(x)) + c)_y, s the code standardised, y the label."},
};
}  // namespace

const std::vector<Lesson>& lessons() {
  static const std::vector<Lesson> list(std::begin(kLessons), std::end(kLessons));
  return list;
}

const Lesson* find_lesson(const std::string& name) {
  for (const auto& l : lessons())
    if (name == l.name) return &l;
  return nullptr;
}

void apply_lesson(const Lesson& lesson, PageSettings& s) {
  s.lesson = lesson.name;
  s.model = lesson.model;
  s.noise = ae::parse_noise(lesson.noise);
  s.layout = lesson.layout;
  s.panels = lesson.panels;
  s.panels_given = true;
  s.lab_view = *lesson.lab != 0;
  if (!s.lab_view) return;
  s.lab = LabSettings();
  const std::string query = lesson.lab;
  for (size_t start = 0; start < query.size();) {
    const size_t amp = std::min(query.find('&', start), query.size()), eq = query.find('=', start);
    bool known = false;
    apply_lab_param(query.substr(start, eq - start), query.substr(eq + 1, amp - eq - 1), s.lab, known);
    start = amp + 1;
  }
}

std::string lessons_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& l : lessons()) {
    PageSettings s;
    s.embed = true;
    apply_lesson(l, s);
    list.push_back({{"name", l.name}, {"title", l.title}, {"caption", l.caption},
                    {"query", "?lesson=" + std::string(l.name)}, {"model", l.model}, {"layout", to_string(l.layout)},
                    {"panels", to_string(l.panels)}, {"lab", *l.lab != 0}});
  }
  return list.dump();
}

}  // namespace aeplay
