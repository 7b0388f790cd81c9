// Stacked autoencoders: greedy layer-wise pretraining, then end-to-end fine-tuning (Bengio et al. 2007;
// Vincent et al. 2010 with denoising layers). Each encoder layer l of a deep dense autoencoder is first
// trained as a shallow autoencoder s_l -> s_{l+1} -> s_l on the codes of the layers below it; its weights
// are then copied into the deep model (the decoder layer that mirrors it gets the shallow decoder's),
// which the ordinary Trainer fine-tunes.
#pragma once
#include <functional>

#include "model.h"
#include "trainer.h"

namespace ae {

// `deep`: a Family::Autoencoder model (tied or not). `layer_config` trains each shallow autoencoder
// (its noise corrupts each layer's input: a stacked denoising autoencoder when set). `on_progress` is
// called after every step with the layer index (0-based) and that layer's progress.
void pretrain_stacked(Autoencoder& deep, const Mat& data, const TrainConfig& layer_config,
                      const std::function<void(int layer, const TrainProgress&)>& on_progress = {});

}  // namespace ae
