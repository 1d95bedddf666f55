#include "algorithms/improvement_loss.h"

#include <functional>

#include "algorithms/contrastive_losses.h"
#include "algorithms/distill_loss.h"
#include "algorithms/mpo_loss.h"
#include "algorithms/pairwise_losses.h"
#include "algorithms/pmpo_loss.h"
#include "algorithms/soft_po_loss.h"
#include "algorithms/sppo_loss.h"

namespace prefctl {
namespace {

using Factory =
    std::function<std::unique_ptr<ImprovementLoss>(const ConfigNode&)>;

// `defaults` lets one loss class serve two names (distill and its
// pessimistic version).
template <typename Loss, typename Config>
Factory FactoryOf(const Config& defaults = Config()) {
  return
      [defaults](const ConfigNode& node) -> std::unique_ptr<ImprovementLoss> {
        Config config = defaults;
        ReadConfig(node, &config);
        return std::make_unique<Loss>(config);
      };
}

DistillConfig PessimisticDistill() {
  DistillConfig config;
  config.pessimistic = true;
  return config;
}

const std::vector<std::pair<std::string, Factory>>& Registry() {
  static const std::vector<std::pair<std::string, Factory>> registry = {
      {"pmpo", FactoryOf<PmpoLoss, PmpoConfig>()},
      {"mpo", FactoryOf<MpoLoss, MpoConfig>()},
      {"dpo", FactoryOf<DpoLoss, DpoConfig>()},
      {"ipo", FactoryOf<IpoLoss, IpoConfig>()},
      {"soft_po", FactoryOf<SoftPoLoss, SoftPoConfig>()},
      {"infonca", FactoryOf<InfoNcaLoss, ContrastiveConfig>()},
      {"nca", FactoryOf<NcaLoss, ContrastiveConfig>()},
      {"distill", FactoryOf<DistillLoss, DistillConfig>()},
      {"distill_pessimistic", FactoryOf<DistillLoss>(PessimisticDistill())},
      {"lipo_lambda", FactoryOf<LipoLoss, LipoConfig>()},
      {"sppo", FactoryOf<SppoLoss, SppoConfig>()},
  };
  return registry;
}

}  // namespace

std::vector<std::string> ImprovementLossNames() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : Registry()) names.push_back(name);
  return names;
}

std::unique_ptr<ImprovementLoss> MakeImprovementLoss(const std::string& name,
                                                     const ConfigNode& node) {
  for (const auto& [known, factory] : Registry()) {
    if (known == name) return factory(node);
  }
  std::string names;
  for (const std::string& known : ImprovementLossNames()) {
    names += (names.empty() ? "'" : ", '") + known + "'";
  }
  throw ConfigError("unknown improvement loss '" + name +
                    "'; known losses: " + names);
}

torch::Tensor ActionExcess(const torch::Tensor& actions) {
  return (actions - actions.clamp(-1.0, 1.0)).norm(2, -1);
}

torch::Tensor PositiveDual(const torch::Tensor& raw) {
  constexpr double kDualFloor = 1e-8;  // Acme's _MPO_FLOAT_EPSILON.
  return torch::softplus(raw) + kDualFloor;
}

torch::Tensor NewRawDual(double value, int64_t size, torch::Device device) {
  return torch::full({size}, value, torch::TensorOptions().device(device))
      .set_requires_grad(true);
}

void ClampRawDuals(std::vector<torch::Tensor> raw_duals) {
  torch::NoGradGuard no_grad;
  for (torch::Tensor& raw : raw_duals) raw.clamp_min_(kMinRawDual);
}

torch::Tensor DecoupledPolicy::LogProb(const torch::Tensor& actions) const {
  return mean_part.LogProb(actions) + stddev_part.LogProb(actions);
}

DecoupledPolicy Decouple(const ActionSetBatch& batch) {
  return {{batch.policy.mean, batch.reference.stddev},
          {batch.reference.mean, batch.policy.stddev}};
}

void AddCommonStats(const ActionSetBatch& batch, LossStats* stats) {
  torch::NoGradGuard no_grad;
  const DiagGaussian policy{batch.policy.mean.detach(),
                            batch.policy.stddev.detach()};
  stats->emplace_back("kl", KL(batch.reference, policy).mean());
  stats->emplace_back("kl_mean", KLMean(batch.reference, policy).mean());
  stats->emplace_back("kl_stddev", KLStddev(batch.reference, policy).mean());
  stats->emplace_back("entropy", policy.Entropy().mean());
  const torch::Tensor log_prob = batch.log_prob_policy.detach();
  const torch::Tensor best = batch.q_values.argmax(0, /*keepdim=*/true);
  const torch::Tensor worst = batch.q_values.argmin(0, /*keepdim=*/true);
  stats->emplace_back("log_prob_best", log_prob.gather(0, best).mean());
  stats->emplace_back("log_prob_worst", log_prob.gather(0, worst).mean());
}

}  // namespace prefctl
