#include "viewer/policy_source.h"

#include <chrono>
#include <stdexcept>

#include "core/checkpoint.h"

namespace prefctl {

CheckpointNetworks LoadCheckpointNetworks(const std::string& path,
                                          const PolicyNetworkConfig& policy,
                                          const CriticConfig& critic,
                                          int observation_size,
                                          int action_size) {
  CheckpointNetworks networks;
  networks.path = path;
  networks.policy = GaussianPolicy(policy, observation_size, action_size);
  networks.critic = QEnsemble(critic, observation_size, action_size);
  ReadCheckpoint(path, [&](torch::serialize::InputArchive& archive) {
    // The layout OffPolicyLearner::Save writes under the trainer's "learner".
    torch::serialize::InputArchive learner;
    archive.read("learner", learner);
    LoadModule(learner, "policy", *networks.policy);
    LoadModule(learner, "critic", *networks.critic);
  });
  networks.policy->eval();
  networks.critic->eval();
  return networks;
}

PolicySource::PolicySource(const PolicyNetworkConfig& policy,
                           const CriticConfig& critic, int observation_size,
                           int action_size, const std::string& fallback,
                           uint64_t seed)
    : policy_config_(policy),
      critic_config_(critic),
      observation_size_(observation_size),
      action_size_(action_size),
      fallback_(fallback),
      name_(fallback),
      rng_(seed),
      generator_(at::detail::createCPUGenerator(seed)) {
  if (fallback != "random" && fallback != "zero") {
    throw std::invalid_argument("fallback policy '" + fallback +
                                "' is not random or zero");
  }
}

PolicySource::~PolicySource() {
  if (pending_.valid()) pending_.wait();
}

void PolicySource::LoadNow(const std::string& path) {
  networks_ = LoadCheckpointNetworks(path, policy_config_, critic_config_,
                                     observation_size_, action_size_);
  name_ = path;
}

void PolicySource::LoadInBackground(const std::string& path) {
  if (pending_.valid()) return;
  pending_path_ = path;
  pending_ = std::async(std::launch::async, [this, path] {
    return LoadCheckpointNetworks(path, policy_config_, critic_config_,
                                  observation_size_, action_size_);
  });
}

std::optional<PolicySource::LoadResult> PolicySource::Poll() {
  if (!pending_.valid() ||
      pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return std::nullopt;
  }
  LoadResult result{pending_path_, ""};
  try {
    networks_ = pending_.get();
    name_ = pending_path_;
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

void PolicySource::Act(const float* observation, bool deterministic,
                       float* action) {
  if (!has_networks()) {
    for (int i = 0; i < action_size_; ++i) {
      action[i] =
          fallback_ == "random" ? static_cast<float>(rng_.Uniform(-1, 1)) : 0;
    }
    return;
  }
  torch::NoGradGuard no_grad;
  const torch::Tensor input = torch::from_blob(
      const_cast<float*>(observation), {1, observation_size_}, torch::kFloat32);
  const DiagGaussian distribution = networks_.policy->forward(input);
  const torch::Tensor chosen =
      deterministic ? distribution.mean
                    : distribution.Sample(1, generator_).squeeze(0);
  const torch::Tensor clipped = chosen.clamp(-1.0, 1.0).contiguous();
  std::copy_n(clipped.data_ptr<float>(), action_size_, action);
}

}  // namespace prefctl
