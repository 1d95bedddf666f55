#include "viewer/policy_source.h"

#include <chrono>
#include <stdexcept>

#include "core/checkpoint.h"

namespace prefctl {
namespace {

using Shapes = std::vector<std::pair<std::string, std::vector<int64_t>>>;

Shapes ShapesOf(const torch::nn::Module& module) {
  Shapes shapes;
  for (const auto& item : module.named_parameters()) {
    shapes.emplace_back(item.key(), item.value().sizes().vec());
  }
  for (const auto& item : module.named_buffers()) {
    shapes.emplace_back(item.key(), item.value().sizes().vec());
  }
  return shapes;
}

std::string ShapeText(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return text + "]";
}

// Module::load replaces each tensor whatever its shape, so a checkpoint of
// other network sizes would only fail at the first forward; compare here.
void CheckShapes(const std::string& path, const std::string& what,
                 const Shapes& expected, const torch::nn::Module& loaded) {
  const Shapes found = ShapesOf(loaded);
  for (size_t i = 0; i < expected.size() && i < found.size(); ++i) {
    if (expected[i] != found[i]) {
      throw std::runtime_error(
          path + ": not a prefctl checkpoint with a " + what +
          " of this run's sizes (" + found[i].first + " is " +
          ShapeText(found[i].second) + ", the run's config gives " +
          ShapeText(expected[i].second) + ")");
    }
  }
}

}  // namespace

CheckpointNetworks LoadCheckpointNetworks(const std::string& path,
                                          const PolicyNetworkConfig& policy,
                                          const CriticConfig& critic,
                                          int observation_size,
                                          int action_size) {
  torch::serialize::InputArchive archive;
  LoadArchive(path, &archive);  // Its errors name the path and the cause.
  CheckpointNetworks networks;
  networks.path = path;
  networks.policy = GaussianPolicy(policy, observation_size, action_size);
  networks.critic = QEnsemble(critic, observation_size, action_size);
  const Shapes policy_shapes = ShapesOf(*networks.policy);
  const Shapes critic_shapes = ShapesOf(*networks.critic);
  try {
    // The layout OffPolicyLearner::Save writes under the trainer's "learner".
    torch::serialize::InputArchive learner, policy_weights, critic_weights;
    archive.read("learner", learner);
    learner.read("policy", policy_weights);
    learner.read("critic", critic_weights);
    networks.policy->load(policy_weights);
    networks.critic->load(critic_weights);
  } catch (const c10::Error& e) {
    throw std::runtime_error(
        path +
        ": not a prefctl checkpoint with a policy and critic of this run's "
        "sizes (" +
        e.what_without_backtrace() + ")");
  }
  CheckShapes(path, "policy", policy_shapes, *networks.policy);
  CheckShapes(path, "critic", critic_shapes, *networks.critic);
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
