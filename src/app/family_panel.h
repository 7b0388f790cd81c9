// "Inside the model": what each family learned — the encoder's filters as 28x28 images, the code's
// activations (the hidden-unit histogram that shows sparsity), and for the VAE new samples from N(0, I)
// and a grid of digits decoded over the 2-D latent plane.
#pragma once
#include "playground.h"
#include "ui.h"

namespace aeplay {

void inside_model_panel(Playground& pg, UiState& ui, const Platform& p, float width);

}  // namespace aeplay
