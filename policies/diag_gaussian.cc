#include "policies/diag_gaussian.h"

#include <cmath>

namespace prefctl {
namespace {

constexpr double kHalfLogTwoPi = 0.91893853320467274178;  // log(2 pi) / 2

}  // namespace

torch::Tensor DiagGaussian::LogProb(const torch::Tensor& actions) const {
  const torch::Tensor z = (actions - mean) / stddev;
  return (-0.5 * z.pow(2) - stddev.log() - kHalfLogTwoPi).sum(-1);
}

torch::Tensor DiagGaussian::Sample(int64_t n,
                                   torch::Generator& generator) const {
  std::vector<int64_t> shape = {n};
  for (int64_t size : mean.sizes()) shape.push_back(size);
  const torch::Tensor noise =
      at::normal(0.0, 1.0, shape, generator, mean.options().device(torch::kCPU))
          .to(mean.device());
  return mean.unsqueeze(0) + stddev.unsqueeze(0) * noise;
}

torch::Tensor DiagGaussian::Entropy() const {
  return (stddev.log() + 0.5 + kHalfLogTwoPi).sum(-1);
}

torch::Tensor KLPerDimension(const DiagGaussian& p, const DiagGaussian& q) {
  const torch::Tensor variance_ratio = (p.stddev / q.stddev).pow(2);
  const torch::Tensor mean_term = ((p.mean - q.mean) / q.stddev).pow(2);
  return 0.5 * (variance_ratio + mean_term - 1.0 - variance_ratio.log());
}

torch::Tensor KL(const DiagGaussian& p, const DiagGaussian& q) {
  return KLPerDimension(p, q).sum(-1);
}

torch::Tensor KLMean(const DiagGaussian& p, const DiagGaussian& q) {
  return KL(p, DiagGaussian{q.mean, p.stddev});
}

torch::Tensor KLStddev(const DiagGaussian& p, const DiagGaussian& q) {
  return KL(p, DiagGaussian{p.mean, q.stddev});
}

}  // namespace prefctl
