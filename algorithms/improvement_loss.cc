#include "algorithms/improvement_loss.h"

#include <functional>

#include "algorithms/mpo_loss.h"
#include "algorithms/pmpo_loss.h"

namespace prefctl {
namespace {

using Factory =
    std::function<std::unique_ptr<ImprovementLoss>(const ConfigNode&)>;

template <typename Loss, typename Config>
Factory FactoryOf() {
  return [](const ConfigNode& node) -> std::unique_ptr<ImprovementLoss> {
    Config config;
    ReadConfig(node, &config);
    return std::make_unique<Loss>(config);
  };
}

const std::vector<std::pair<std::string, Factory>>& Registry() {
  static const std::vector<std::pair<std::string, Factory>> registry = {
      {"pmpo", FactoryOf<PmpoLoss, PmpoConfig>()},
      {"mpo", FactoryOf<MpoLoss, MpoConfig>()},
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
