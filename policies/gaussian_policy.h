// The Gaussian policy network: an MLP torso and a head producing the mean
// and stddev of a diagonal Gaussian over actions in [-1, 1] (actions are
// clipped by the caller). Written with plain Linear members and an explicit
// forward: DESIGN.md section 4 measured nn::Sequential's dispatch as a large
// share of a small network's forward time.
#ifndef PREFCTL_POLICIES_GAUSSIAN_POLICY_H_
#define PREFCTL_POLICIES_GAUSSIAN_POLICY_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/config.h"
#include "policies/deployed_policy.h"
#include "policies/diag_gaussian.h"

namespace prefctl {

struct PolicyNetworkConfig {
  std::vector<int> hidden = {256, 256, 256};  // Acme's control networks.
  // LayerNorm then tanh after the first layer, ELU after the others (Acme's
  // LayerNormMLP); plain ELU everywhere when false.
  bool layer_norm_first = true;
  // Added to softplus(x): keeps log-probabilities of far actions (PMPO's
  // rejected samples) bounded. Acme uses 1e-6; a larger floor is safer with
  // negative samples (DESIGN.md 2.2).
  double min_stddev = 1e-3;
  double init_stddev = 0.7;  // Acme's MultivariateNormalDiagHead init_scale.
  // tanh on the mean head (Acme's MultivariateNormalDiagHead tanh_mean,
  // off there too): keeps the mean inside the action box. Unbounded, the
  // mean can leave it, and then the sampled actions clip to one corner and
  // the critic scores them alike (seen on cheetah-run). On cheetah-run
  // seed 0 the tanh ended lower all the same (docs/benchmarks.md). Samples
  // stay Gaussian either way.
  bool tanh_mean = false;
};
void ReadConfig(const ConfigNode& node, PolicyNetworkConfig* config);

class GaussianPolicyImpl : public torch::nn::Module {
 public:
  GaussianPolicyImpl(const PolicyNetworkConfig& config, int observation_size,
                     int action_size);

  DiagGaussian forward(const torch::Tensor& observations);

  // The numbers the mean action needs, for DeployedPolicy (Eigen only).
  DeployedPolicyWeights ToDeployed(const std::string& task) const;

 private:
  PolicyNetworkConfig config_;
  std::vector<torch::nn::Linear> layers_;
  torch::nn::LayerNorm layer_norm_{nullptr};
  torch::nn::Linear mean_head_{nullptr}, stddev_head_{nullptr};
  double stddev_offset_ = 0.0;  // softplus^-1 of init_stddev - min_stddev
};
TORCH_MODULE(GaussianPolicy);

}  // namespace prefctl

#endif  // PREFCTL_POLICIES_GAUSSIAN_POLICY_H_
