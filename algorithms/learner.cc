#include "algorithms/learner.h"

#include <cmath>

#include "core/checkpoint.h"
#include "critics/td_target.h"
#include "policies/target_update.h"

namespace prefctl {

void ReadConfig(const ConfigNode& node, LearnerConfig* config) {
  node.Read("batch_size", &config->batch_size, Range::Closed(1, 1 << 20));
  node.Read("num_samples", &config->num_samples, Range::Closed(2, 4096));
  node.Read("target_samples", &config->target_samples, Range::Closed(1, 4096));
  node.Read("discount", &config->discount, Range::Closed(0.0, 1.0));
  node.Read("n_step", &config->n_step, Range::Closed(1, 1000));
  node.Read("policy_learning_rate", &config->policy_learning_rate,
            Range::Positive());
  node.Read("critic_learning_rate", &config->critic_learning_rate,
            Range::Positive());
  node.Read("dual_learning_rate", &config->dual_learning_rate,
            Range::Positive());
  node.ReadChoice("target_update", &config->target_update,
                  {"period", "polyak"});
  node.Read("target_period", &config->target_period, Range::AtLeast(1));
  node.Read("polyak_tau", &config->polyak_tau, Range::Closed(0.0, 1.0));
  node.Read("max_gradient_norm", &config->max_gradient_norm, Range::Positive());
  node.CheckNoUnknownKeys();
}

OffPolicyLearner::OffPolicyLearner(const LearnerConfig& config,
                                   const PolicyNetworkConfig& policy_config,
                                   const CriticConfig& critic_config,
                                   std::unique_ptr<ImprovementLoss> loss,
                                   int observation_size, int action_size,
                                   torch::Device device, uint64_t seed)
    : config_(config),
      device_(device),
      policy_(policy_config, observation_size, action_size),
      target_policy_(policy_config, observation_size, action_size),
      critic_(critic_config, observation_size, action_size),
      target_critic_(critic_config, observation_size, action_size),
      loss_(std::move(loss)),
      generator_(at::detail::createCPUGenerator(seed)) {
  for (torch::nn::Module* module :
       {static_cast<torch::nn::Module*>(policy_.get()),
        static_cast<torch::nn::Module*>(target_policy_.get()),
        static_cast<torch::nn::Module*>(critic_.get()),
        static_cast<torch::nn::Module*>(target_critic_.get())}) {
    module->to(device);
  }
  HardUpdate(*policy_, *target_policy_);
  HardUpdate(*critic_, *target_critic_);
  for (torch::Tensor& parameter : target_policy_->parameters()) {
    parameter.set_requires_grad(false);
  }
  for (torch::Tensor& parameter : target_critic_->parameters()) {
    parameter.set_requires_grad(false);
  }
  policy_optimizer_ = std::make_unique<torch::optim::Adam>(
      policy_->parameters(),
      torch::optim::AdamOptions(config.policy_learning_rate));
  critic_optimizer_ = std::make_unique<torch::optim::Adam>(
      critic_->parameters(),
      torch::optim::AdamOptions(config.critic_learning_rate));
  loss_->Prepare(action_size, device);
  const std::vector<torch::Tensor> duals = loss_->DualParameters();
  if (!duals.empty()) {
    dual_optimizer_ = std::make_unique<torch::optim::Adam>(
        duals, torch::optim::AdamOptions(config.dual_learning_rate));
  }
}

void OffPolicyLearner::CheckFinite(const torch::Tensor& value,
                                   const std::string& name) const {
  if (!torch::isfinite(value).all().item<bool>()) {
    throw NonFiniteError(name + " is not finite at update " +
                         std::to_string(updates_ + 1));
  }
}

void OffPolicyLearner::ClipGradients(
    const std::vector<torch::Tensor>& parameters,
    const std::string& name) const {
  const double norm =
      torch::nn::utils::clip_grad_norm_(parameters, config_.max_gradient_norm);
  if (!std::isfinite(norm)) {
    throw NonFiniteError(name + " is not finite at update " +
                         std::to_string(updates_ + 1));
  }
}

void OffPolicyLearner::CriticStep(const ReplayBatch& batch,
                                  LearnerStats* stats) {
  const torch::Tensor targets = NStepTarget(
      batch.rewards, batch.discounts, batch.next_observations, target_policy_,
      target_critic_, config_.target_samples, generator_);
  const torch::Tensor q_heads = critic_->forward(batch.observations,
                                                 batch.actions);  // [K, B]
  const torch::Tensor loss =
      0.5 * (q_heads - targets.unsqueeze(0)).pow(2).mean(1).sum();
  CheckFinite(loss, "critic loss");
  critic_optimizer_->zero_grad();
  loss.backward();
  ClipGradients(critic_->parameters(), "critic gradient");
  critic_optimizer_->step();
  stats->emplace_back("critic_loss", loss.detach());
  stats->emplace_back("q_mean", q_heads.detach().mean());
}

void OffPolicyLearner::PolicyStep(const ReplayBatch& batch,
                                  LearnerStats* stats) {
  const int64_t num_samples = config_.num_samples;
  const int64_t batch_size = batch.observations.size(0);
  ActionSetBatch sets;
  {
    torch::NoGradGuard no_grad;
    sets.reference = target_policy_->forward(batch.observations);
    // Unclipped samples, so that log-probabilities are those of the Gaussian
    // (and MPO's action penalty can see the excess); the critic scores the
    // clipped actions the environment would execute.
    sets.actions = sets.reference.Sample(num_samples, generator_);  // [N, B, A]
    // One critic forward over all N * B (state, action) pairs.
    const torch::Tensor observations =
        batch.observations.unsqueeze(0)
            .expand({num_samples, batch_size, batch.observations.size(1)})
            .reshape({num_samples * batch_size, -1});
    sets.q_values_per_head =
        target_critic_
            ->forward(observations, sets.actions.clamp(-1.0, 1.0).reshape(
                                        {num_samples * batch_size, -1}))
            .reshape({-1, num_samples, batch_size});  // [K, N, B]
    sets.q_values = target_critic_
                        ->Aggregate(sets.q_values_per_head.reshape(
                            {sets.q_values_per_head.size(0), -1}))
                        .reshape({num_samples, batch_size});
    sets.log_prob_reference = sets.reference.LogProb(sets.actions);
  }
  sets.policy = policy_->forward(batch.observations);
  sets.log_prob_policy = sets.policy.LogProb(sets.actions);
  LossOutput output = loss_->Compute(sets);
  CheckFinite(output.loss, "policy loss");
  policy_optimizer_->zero_grad();
  if (dual_optimizer_) dual_optimizer_->zero_grad();
  output.loss.backward();
  ClipGradients(policy_->parameters(), "policy gradient");
  policy_optimizer_->step();
  if (dual_optimizer_) dual_optimizer_->step();
  stats->emplace_back("policy_loss", output.loss.detach());
  // Share of sampled action components outside [-1, 1]: near 1, the samples
  // of a state clip to one action and the critic cannot rank them.
  stats->emplace_back("clipped_fraction",
                      (sets.actions.abs() > 1.0).to(torch::kFloat).mean());
  for (auto& stat : output.stats) stats->push_back(std::move(stat));
}

void OffPolicyLearner::UpdateTargets() {
  if (config_.target_update == "polyak") {
    PolyakUpdate(*policy_, *target_policy_, config_.polyak_tau);
    PolyakUpdate(*critic_, *target_critic_, config_.polyak_tau);
  } else if (updates_ % config_.target_period == 0) {
    HardUpdate(*policy_, *target_policy_);
    HardUpdate(*critic_, *target_critic_);
  }
}

LearnerStats OffPolicyLearner::Update(const ReplayBatch& batch) {
  LearnerStats stats;
  CriticStep(batch, &stats);
  PolicyStep(batch, &stats);
  ++updates_;
  UpdateTargets();
  return stats;
}

torch::Tensor OffPolicyLearner::Act(const torch::Tensor& observations,
                                    bool deterministic,
                                    torch::Generator& generator) {
  torch::NoGradGuard no_grad;
  const DiagGaussian distribution = policy_->forward(observations.to(device_));
  const torch::Tensor actions =
      deterministic ? distribution.mean
                    : distribution.Sample(1, generator).squeeze(0);
  return actions.clamp(-1.0, 1.0);
}

void OffPolicyLearner::Save(torch::serialize::OutputArchive& archive) const {
  auto module = [&](const char* key, const torch::nn::Module& net) {
    torch::serialize::OutputArchive sub;
    net.save(sub);
    archive.write(key, sub);
  };
  module("policy", *policy_);
  module("target_policy", *target_policy_);
  module("critic", *critic_);
  module("target_critic", *target_critic_);
  auto optimizer = [&](const char* key, const torch::optim::Optimizer* opt) {
    if (!opt) return;
    torch::serialize::OutputArchive sub;
    opt->save(sub);
    archive.write(key, sub);
  };
  optimizer("policy_optimizer", policy_optimizer_.get());
  optimizer("critic_optimizer", critic_optimizer_.get());
  optimizer("dual_optimizer", dual_optimizer_.get());
  const std::vector<torch::Tensor> duals = loss_->DualParameters();
  for (size_t i = 0; i < duals.size(); ++i) {
    archive.write("dual_" + std::to_string(i), duals[i].detach());
  }
  archive.write("generator", generator_.get_state());
  WriteInt(archive, "updates", updates_);
}

void OffPolicyLearner::Load(torch::serialize::InputArchive& archive) {
  LoadModule(archive, "policy", *policy_);
  LoadModule(archive, "target_policy", *target_policy_);
  LoadModule(archive, "critic", *critic_);
  LoadModule(archive, "target_critic", *target_critic_);
  auto optimizer = [&](const char* key, torch::optim::Optimizer* opt) {
    if (!opt) return;
    torch::serialize::InputArchive sub;
    archive.read(key, sub);
    opt->load(sub);
  };
  optimizer("policy_optimizer", policy_optimizer_.get());
  optimizer("critic_optimizer", critic_optimizer_.get());
  optimizer("dual_optimizer", dual_optimizer_.get());
  std::vector<torch::Tensor> duals = loss_->DualParameters();
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < duals.size(); ++i) {
    torch::Tensor value;
    archive.read("dual_" + std::to_string(i), value);
    duals[i].copy_(value);
  }
  torch::Tensor generator_state;
  archive.read("generator", generator_state);
  generator_.set_state(generator_state);
  updates_ = ReadInt(archive, "updates");
}

void OffPolicyLearner::LoadPolicy(const std::string& checkpoint,
                                  GaussianPolicy& policy) {
  ReadCheckpoint(checkpoint, [&](torch::serialize::InputArchive& archive) {
    torch::serialize::InputArchive learner;
    archive.read("learner", learner);
    LoadModule(learner, "policy", *policy);
  });
}

}  // namespace prefctl
