// The 2-D lab's picture as a PNG (aeplay manifold --png): the denoising field as arrows on a grid, the training
// points, PCA's line, the decoder's curve g(z), each point's segment x -> g(f(x)), the Jacobian's leading
// direction at the points (models without a curve) and the VAE's samples over the prior.
#pragma once
#include <string>
#include <vector>

#include "manifold_views.h"
#include "tensor.h"

namespace cli {

struct LabPicture {
  ae::Mat points, recon;  // 2 x N: the training points and their reconstructions
  ae::PcaLine pca;
  std::vector<ae::Mat> curves;                 // the decoder's curve(s); empty when the code is overcomplete
  ae::Mat grid, grid_recon;                    // 2 x M: the field's grid and its reconstructions
  std::vector<ae::JacobianSummary> jacobians;  // at the points (drawn when there is no curve); may be empty
  ae::Mat prior_samples;                       // VAE: g(z), z ~ N(0, I); may be empty
  ae::Grid view;                               // the plane's rectangle the picture shows
  std::string title;                           // one line at the top
};

// Throws ae::Error when the file cannot be written.
void write_lab_png(const std::string& path, const LabPicture& picture, int size = 640);

}  // namespace cli
