// Diagonal Gaussian distributions over actions, batched: mean and stddev are
// [B, A]; actions may carry a leading sample dimension, [N, B, A].
#ifndef PREFCTL_POLICIES_DIAG_GAUSSIAN_H_
#define PREFCTL_POLICIES_DIAG_GAUSSIAN_H_

#include <torch/torch.h>

namespace prefctl {

struct DiagGaussian {
  torch::Tensor mean;    // [B, A]
  torch::Tensor stddev;  // [B, A], > 0

  // log N(actions; mean, diag(stddev^2)) summed over A: [N, B, A] -> [N, B]
  // or [B, A] -> [B].
  torch::Tensor LogProb(const torch::Tensor& actions) const;
  // n reparameterized samples, [n, B, A].
  torch::Tensor Sample(int64_t n, torch::Generator& generator) const;
  // Differential entropy, [B].
  torch::Tensor Entropy() const;
};

// KL(p || q), analytic, per action dimension: [B, A].
torch::Tensor KLPerDimension(const DiagGaussian& p, const DiagGaussian& q);
// KL(p || q) summed over A: [B].
torch::Tensor KL(const DiagGaussian& p, const DiagGaussian& q);

// MPO's decoupled KL (Abdolmaleki et al. 2018, "Relative Entropy Regularized
// Policy Iteration"; Acme): the part due to the mean and the part due to the
// covariance,
//   KLMean(p, q)   = KL(N(mu_p, sigma_p) || N(mu_q, sigma_p))
//                  = sum (mu_q - mu_p)^2 / (2 sigma_p^2)
//   KLStddev(p, q) = KL(N(mu_p, sigma_p) || N(mu_p, sigma_q)).
// When only the mean or only the stddev differs, the matching part equals
// the whole KL; in general the two parts constrain the two parameter groups
// separately, which is what lets MPO give them different bounds.
torch::Tensor KLMean(const DiagGaussian& p, const DiagGaussian& q);
torch::Tensor KLStddev(const DiagGaussian& p, const DiagGaussian& q);

}  // namespace prefctl

#endif  // PREFCTL_POLICIES_DIAG_GAUSSIAN_H_
