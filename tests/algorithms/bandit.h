// A one-step continuous bandit with a known optimum, for improvement losses:
// reward Q(a) = -||a - optimum||^2 (exact, no critic), a state-independent
// Gaussian policy with free mean and stddev parameters, B identical states,
// N samples each from a reference policy copied every `reference_period`
// steps, Adam on the loss.
#ifndef PREFCTL_TESTS_ALGORITHMS_BANDIT_H_
#define PREFCTL_TESTS_ALGORITHMS_BANDIT_H_

#include <torch/torch.h>

#include "algorithms/improvement_loss.h"

namespace prefctl {

struct BanditResult {
  torch::Tensor mean, stddev;  // final policy, [A]
  double distance = 0.0;       // ||mean - optimum||
  bool finite = true;
};

BanditResult RunBandit(ImprovementLoss& loss, int steps,
                       const torch::Tensor& optimum, int reference_period = 10,
                       double learning_rate = 1e-2, uint64_t seed = 0);

// The batch the learner would build for `policy` and `reference`.
ActionSetBatch MakeBanditBatch(const DiagGaussian& policy,
                               const DiagGaussian& reference,
                               const torch::Tensor& optimum, int num_samples,
                               torch::Generator& generator);

}  // namespace prefctl

#endif  // PREFCTL_TESTS_ALGORITHMS_BANDIT_H_
