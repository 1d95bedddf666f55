#include "algorithms/mpo_loss.h"

#include <cmath>

namespace prefctl {
namespace {

// The E-step for one objective: returns the normalized weights [N, B] (no
// gradient) and adds the temperature's dual loss to `loss`.
torch::Tensor EStep(const torch::Tensor& q,
                    const torch::Tensor& raw_temperature, double epsilon,
                    torch::Tensor* loss, torch::Tensor* kl) {
  const torch::Tensor temperature = PositiveDual(raw_temperature).squeeze();
  const torch::Tensor tempered = q.detach() / temperature;
  const torch::Tensor weights = torch::softmax(tempered, 0).detach();
  const double log_n = std::log(static_cast<double>(q.size(0)));
  // g(eta) = eta * eps + eta * mean_j (logsumexp_i(Q_ij / eta) - log N)
  *loss = *loss + temperature * epsilon +
          temperature * (torch::logsumexp(tempered, 0) - log_n).mean();
  // KL(weights || uniform), the quantity the temperature holds at epsilon.
  *kl = (weights * (weights.clamp_min(1e-30).log() + log_n)).sum(0).mean();
  return weights;
}

}  // namespace

void ReadConfig(const ConfigNode& node, MpoConfig* config) {
  node.Read("epsilon", &config->epsilon, Range::Positive());
  node.Read("epsilon_mean", &config->epsilon_mean, Range::Positive());
  node.Read("epsilon_stddev", &config->epsilon_stddev, Range::Positive());
  node.Read("per_dim_constraining", &config->per_dim_constraining);
  node.Read("init_log_temperature", &config->init_log_temperature);
  node.Read("init_log_alpha_mean", &config->init_log_alpha_mean);
  node.Read("init_log_alpha_stddev", &config->init_log_alpha_stddev);
  node.Read("action_penalty", &config->action_penalty);
  node.Read("epsilon_penalty", &config->epsilon_penalty, Range::Positive());
  node.CheckNoUnknownKeys();
}

void MpoLoss::Prepare(int64_t action_size, torch::Device device) {
  const int64_t multipliers = config_.per_dim_constraining ? action_size : 1;
  duals_.log_temperature = NewRawDual(config_.init_log_temperature, 1, device);
  duals_.log_penalty_temperature =
      NewRawDual(config_.init_log_temperature, 1, device);
  duals_.log_alpha_mean =
      NewRawDual(config_.init_log_alpha_mean, multipliers, device);
  duals_.log_alpha_stddev =
      NewRawDual(config_.init_log_alpha_stddev, multipliers, device);
}

std::vector<torch::Tensor> MpoLoss::DualParameters() {
  std::vector<torch::Tensor> duals = {
      duals_.log_temperature, duals_.log_alpha_mean, duals_.log_alpha_stddev};
  if (config_.action_penalty) duals.push_back(duals_.log_penalty_temperature);
  return duals;
}

LossOutput MpoLoss::Compute(const ActionSetBatch& batch) {
  TORCH_CHECK(duals_.log_temperature.defined(),
              "MpoLoss::Prepare must be called before Compute");
  ClampRawDuals(DualParameters());
  torch::Tensor dual_loss = torch::zeros({}, batch.q_values.options());
  torch::Tensor weights_kl;
  torch::Tensor weights = EStep(batch.q_values, duals_.log_temperature,
                                config_.epsilon, &dual_loss, &weights_kl);
  LossOutput output;
  if (config_.action_penalty) {
    torch::Tensor penalty_kl;
    weights = weights + EStep(-ActionExcess(batch.actions),
                              duals_.log_penalty_temperature,
                              config_.epsilon_penalty, &dual_loss, &penalty_kl);
    output.stats.emplace_back(
        "penalty_temperature",
        PositiveDual(duals_.log_penalty_temperature).squeeze().detach());
  }

  // M-step on the two halves of the decoupled policy.
  const DecoupledPolicy decoupled = Decouple(batch);
  const torch::Tensor weighted_log_prob =
      -(weights * decoupled.LogProb(batch.actions)).sum(0).mean();

  // KL constraints per dimension (or summed), averaged over states.
  auto constraint_kl = [&](const DiagGaussian& part) {
    const torch::Tensor kl = KLPerDimension(batch.reference, part).mean(0);
    return config_.per_dim_constraining ? kl : kl.sum().unsqueeze(0);
  };
  const torch::Tensor kl_mean = constraint_kl(decoupled.mean_part);
  const torch::Tensor kl_stddev = constraint_kl(decoupled.stddev_part);
  const torch::Tensor alpha_mean = PositiveDual(duals_.log_alpha_mean);
  const torch::Tensor alpha_stddev = PositiveDual(duals_.log_alpha_stddev);
  const torch::Tensor kl_penalty = (alpha_mean.detach() * kl_mean).sum() +
                                   (alpha_stddev.detach() * kl_stddev).sum();
  dual_loss =
      dual_loss +
      (alpha_mean * (config_.epsilon_mean - kl_mean.detach())).sum() +
      (alpha_stddev * (config_.epsilon_stddev - kl_stddev.detach())).sum();

  output.loss = weighted_log_prob + kl_penalty + dual_loss;
  output.stats.emplace_back(
      "temperature", PositiveDual(duals_.log_temperature).squeeze().detach());
  output.stats.emplace_back("alpha_mean", alpha_mean.mean().detach());
  output.stats.emplace_back("alpha_stddev", alpha_stddev.mean().detach());
  output.stats.emplace_back("kl_weights", weights_kl.detach());
  output.stats.emplace_back("kl_mean_constraint", kl_mean.sum().detach());
  output.stats.emplace_back("kl_stddev_constraint", kl_stddev.sum().detach());
  AddCommonStats(batch, &output.stats);
  return output;
}

}  // namespace prefctl
