#include "stacked.h"

#include "error.h"

namespace ae {

void pretrain_stacked(Autoencoder& deep, const Mat& data, const TrainConfig& layer_config,
                      const std::function<void(int, const TrainProgress&)>& on_progress) {
  const ModelSpec& spec = deep.spec();
  if (!family_info(spec.family).has(kStackedPretraining))
    throw Error("stacked pretraining is for the dense autoencoder family");
  const int E = spec.encoder_layers(), n = deep.num_layers();
  Mat codes = data;  // the input of the layer being pretrained
  for (int l = 0; l < E; ++l) {
    ModelSpec shallow;
    shallow.sizes = {spec.sizes[static_cast<size_t>(l)], spec.sizes[static_cast<size_t>(l + 1)]};
    shallow.latent = deep.activation(l);
    // The first layer reconstructs pixels like the deep model; the others reconstruct hidden codes,
    // which carry the activation of the layer below.
    shallow.output = l == 0 ? spec.output : deep.activation(l - 1);
    shallow.loss = l == 0 ? spec.loss : Loss::MSE;
    shallow.tied = spec.tied;
    Autoencoder layer(shallow, layer_config.seed + static_cast<uint64_t>(l));
    Mat none;
    Trainer trainer(layer, codes, none, layer_config);
    TrainProgress p;
    while (!p.done) {
      p = trainer.step(16);
      if (on_progress) on_progress(l, p);
    }
    // The guard has restored the layer's last good weights; pretraining on would hide the failure.
    if (p.diverged) throw Error("stacked pretraining, layer " + std::to_string(l + 1) + ": " + trainer.divergence());
    // Copy: encoder layer l <- shallow encoder; the mirrored decoder layer <- shallow decoder.
    deep.mutable_weights(l) = layer.weights(0);
    deep.mutable_bias(l) = layer.bias(0);
    const int mirror = n - 1 - l;
    if (!spec.tied) deep.mutable_weights(mirror) = layer.weights(1);
    deep.mutable_bias(mirror) = layer.bias(1);
    if (l + 1 < E) codes = layer.encode(codes);
  }
}

}  // namespace ae
