// What the UI's state does for itself: dropping its GL objects after a lost context (web).
#include "ui/ui_state.h"

namespace aeplay {

void forget_gl_objects(UiState& ui) {
  ui.renderer.forget_gl();
  for (ImageView* v : {&ui.draw.canvas, &ui.outputs.clean, &ui.outputs.corrupted, &ui.outputs.reconstruction,
                       &ui.outputs.error, &ui.inside.filters, &ui.inside.samples, &ui.inside.grid})
    v->forget_gl();
  LatentPanelState& l = ui.latent;
  for (ImageView* v : {&l.decoded, &l.traversal, &l.traversal_strip, &l.lerp, &l.slerp, &l.pixel, &l.neighbours, &l.grid})
    v->forget_gl();
  l.model_points.forget_gl();
  l.pca_points.forget_gl();
  l.gl_tried = l.gl_ready = false;  // the panel initialises its renderers again,
  l.uploaded_snapshot = ~0ull;      // and uploads both maps' points again
  l.pca_uploaded = false;
}

}  // namespace aeplay
