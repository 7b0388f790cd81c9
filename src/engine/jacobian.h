// Exact Jacobians of a dense autoencoder and the tangent directions they give (Rifai et al. 2011: the
// leading singular vectors of the Jacobian at a digit span the model's tangent plane there).
//
// A dense layer is a = f(W·in + b) (a tied decoder layer uses the encoder's W transposed), so its Jacobian
// is diag(f'(z))·W and the Jacobian of a stack is the product of its layers' Jacobians (the chain rule).
// These functions multiply exactly those factors - the same W, b and f as the forward pass - so the result
// is exact up to float rounding: no step size, nothing sampled. The order of the product is chosen for
// cost: from the input side (forward mode, one JVP column per input) when the input is small, as for the
// decoder (input = the code), from the output side (reverse mode) when the output is small, as for the
// encoder (output = the code). reconstruction_jacobian is decoder_jacobian · encoder_jacobian, never one
// forward pass per pixel.
//
// Families: Autoencoder (any depth, tied or not, any activation; penalties do not change the map) and Vae
// (the encoder is the μ path, as in encode()); Conv models throw ae::Error.
#pragma once
#include "model.h"
#include "pca.h"
#include "tensor.h"

namespace ae {

// Throws ae::Error unless every layer of `model` is dense (the families above).
void require_dense(const Autoencoder& model);

Mat encoder_jacobian(const Autoencoder& model, const Vec& x);         // latent x input, of f (VAE: μ) at x
Mat decoder_jacobian(const Autoencoder& model, const Vec& code);      // input x latent, of g at the code
Mat reconstruction_jacobian(const Autoencoder& model, const Vec& x);  // input x input, of r(x) = g(f(x))

// The Jacobians of r at many points at once, for small inputs (the 2-D lab): column j of the result is the
// d x d Jacobian at X.col(j), stored column-major (entry (row i, col c) at i + c·d). Forward mode with d
// tangents per point, batched over the points: about d + 1 forward passes of the batch.
Mat reconstruction_jacobians(const Autoencoder& model, const Mat& X);

// Leading singular values (descending) and left singular vectors (input x k, unit, orthogonal columns) of a
// Jacobian. A singular vector's sign is arbitrary; each column is turned so that its largest-magnitude
// entry is positive, so the same input gives the same pictures.
struct Tangents {
  Vec singular_values;
  Mat directions;
  int k() const { return static_cast<int>(directions.cols()); }
};

// Of the decoder's Jacobian at h = f(x): the directions the decoded image moves in as the code moves.
// k is clipped to min(input, latent).
Tangents decoder_tangents(const Autoencoder& model, const Vec& x, int k);
// Of the whole map's Jacobian dr/dx at x, from the low-rank product D·E (QR of D, then an SVD of R·E,
// latent x input). k is clipped to min(input, latent).
Tangents map_tangents(const Autoencoder& model, const Vec& x, int k);
// PCA's tangents are its components (the same at every x); the singular values returned are the square
// roots of the eigenvalues: the standard deviation of the data along each component. (The Jacobian of
// PCA's reconstruction is the projection C·Cᵀ, whose singular values are all 1.) k is clipped to pca.k().
Tangents pca_tangents(const Pca& pca, int k);
// The same, for any Jacobian (used by the above; exposed for the lab's 2 x 2 case and for tests).
Tangents leading_singular_vectors(const Mat& jacobian, int k);

}  // namespace ae
