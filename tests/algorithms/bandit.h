// One-step games for improvement losses: a state-independent Gaussian
// policy with free mean and stddev parameters, B identical states, N
// samples each from a reference policy copied every `reference_period`
// steps, scored by a game's scorer, Adam on the loss. The bandit is the game
// with the known optimum: score Q(a) = -||a - optimum||^2 (exact, no
// critic).
#ifndef PREFCTL_TESTS_ALGORITHMS_BANDIT_H_
#define PREFCTL_TESTS_ALGORITHMS_BANDIT_H_

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "algorithms/improvement_loss.h"

namespace prefctl {

struct BanditResult {
  torch::Tensor mean, stddev;  // final policy, [A]
  double distance = 0.0;       // ||mean - optimum|| (bandit only)
  bool finite = true;
  // The actions sampled at every step, [steps * N * B, A]: the averaged
  // policy of the iterates.
  torch::Tensor sampled_actions;
};

// Scores of sampled actions [N, B, A] -> [N, B].
using ActionScorer = std::function<torch::Tensor(const torch::Tensor&)>;

struct OneStepGameOptions {
  int steps = 300;
  int reference_period = 10;
  double learning_rate = 1e-2;
  uint64_t seed = 0;
  torch::Tensor initial_mean;  // zeros when undefined
  double initial_stddev = 1.0;
};

BanditResult RunOneStepGame(ImprovementLoss& loss, int64_t action_size,
                            const ActionScorer& scorer,
                            const OneStepGameOptions& options);

BanditResult RunBandit(ImprovementLoss& loss, int steps,
                       const torch::Tensor& optimum, int reference_period = 10,
                       double learning_rate = 1e-2, uint64_t seed = 0);

// The batch the learner would build for `policy` and `reference`.
ActionSetBatch MakeGameBatch(const DiagGaussian& policy,
                             const DiagGaussian& reference,
                             const ActionScorer& scorer, int num_samples,
                             torch::Generator& generator);
ActionSetBatch MakeBanditBatch(const DiagGaussian& policy,
                               const DiagGaussian& reference,
                               const torch::Tensor& optimum, int num_samples,
                               torch::Generator& generator);

}  // namespace prefctl

#endif  // PREFCTL_TESTS_ALGORITHMS_BANDIT_H_
