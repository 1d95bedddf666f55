#include "tests/algorithms/bandit.h"

#include <cmath>

namespace prefctl {
namespace {

constexpr int kStates = 16;
constexpr int kSamples = 32;
constexpr double kMinStddev = 1e-3;

DiagGaussian PolicyOf(const torch::Tensor& mean,
                      const torch::Tensor& raw_stddev) {
  return {mean.unsqueeze(0).expand({kStates, -1}),
          (torch::softplus(raw_stddev) + kMinStddev)
              .unsqueeze(0)
              .expand({kStates, -1})};
}

ActionScorer BanditScorer(const torch::Tensor& optimum) {
  return [optimum](const torch::Tensor& actions) {
    return -(actions - optimum).pow(2).sum(-1);
  };
}

}  // namespace

ActionSetBatch MakeGameBatch(const DiagGaussian& policy,
                             const DiagGaussian& reference,
                             const ActionScorer& scorer, int num_samples,
                             torch::Generator& generator) {
  ActionSetBatch batch;
  batch.policy = policy;
  batch.reference = reference;
  batch.actions = reference.Sample(num_samples, generator).detach();
  batch.q_values = scorer(batch.actions);
  batch.q_values_per_head = batch.q_values.unsqueeze(0).repeat({2, 1, 1});
  batch.log_prob_policy = policy.LogProb(batch.actions);
  batch.log_prob_reference = reference.LogProb(batch.actions).detach();
  return batch;
}

ActionSetBatch MakeBanditBatch(const DiagGaussian& policy,
                               const DiagGaussian& reference,
                               const torch::Tensor& optimum, int num_samples,
                               torch::Generator& generator) {
  return MakeGameBatch(policy, reference, BanditScorer(optimum), num_samples,
                       generator);
}

BanditResult RunOneStepGame(ImprovementLoss& loss, int64_t action_size,
                            const ActionScorer& scorer,
                            const OneStepGameOptions& options) {
  torch::Generator generator = at::detail::createCPUGenerator(options.seed);
  torch::Tensor mean =
      (options.initial_mean.defined() ? options.initial_mean.clone()
                                      : torch::zeros({action_size}))
          .set_requires_grad(true);
  // The inverse of softplus(x) + kMinStddev.
  const double raw = std::log(std::expm1(options.initial_stddev - kMinStddev));
  torch::Tensor raw_stddev =
      torch::full({action_size}, raw).set_requires_grad(true);
  loss.Prepare(action_size, torch::kCPU);
  std::vector<torch::Tensor> parameters = {mean, raw_stddev};
  torch::optim::Adam optimizer(
      parameters, torch::optim::AdamOptions(options.learning_rate));
  std::unique_ptr<torch::optim::Adam> dual_optimizer;
  if (!loss.DualParameters().empty()) {
    dual_optimizer = std::make_unique<torch::optim::Adam>(
        loss.DualParameters(), torch::optim::AdamOptions(1e-2));
  }
  torch::Tensor reference_mean = mean.detach().clone();
  torch::Tensor reference_raw = raw_stddev.detach().clone();
  BanditResult result;
  std::vector<torch::Tensor> sampled;
  for (int step = 0; step < options.steps; ++step) {
    if (step % options.reference_period == 0) {
      reference_mean = mean.detach().clone();
      reference_raw = raw_stddev.detach().clone();
    }
    const ActionSetBatch batch = MakeGameBatch(
        PolicyOf(mean, raw_stddev), PolicyOf(reference_mean, reference_raw),
        scorer, kSamples, generator);
    sampled.push_back(batch.actions.reshape({-1, action_size}));
    const LossOutput output = loss.Compute(batch);
    optimizer.zero_grad();
    if (dual_optimizer) dual_optimizer->zero_grad();
    output.loss.backward();
    optimizer.step();
    if (dual_optimizer) dual_optimizer->step();
    if (!torch::isfinite(mean).all().item<bool>() ||
        !torch::isfinite(raw_stddev).all().item<bool>()) {
      result.finite = false;
      break;
    }
  }
  result.mean = mean.detach();
  result.stddev = torch::softplus(raw_stddev.detach()) + kMinStddev;
  result.sampled_actions = torch::cat(sampled);
  return result;
}

BanditResult RunBandit(ImprovementLoss& loss, int steps,
                       const torch::Tensor& optimum, int reference_period,
                       double learning_rate, uint64_t seed) {
  OneStepGameOptions options;
  options.steps = steps;
  options.reference_period = reference_period;
  options.learning_rate = learning_rate;
  options.seed = seed;
  BanditResult result =
      RunOneStepGame(loss, optimum.size(0), BanditScorer(optimum), options);
  result.distance = (result.mean - optimum).norm().item<double>();
  return result;
}

}  // namespace prefctl
