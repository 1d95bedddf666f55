#include "algorithms/reward_model_rlhf.h"

#include <stdexcept>

#include "core/checkpoint.h"

namespace prefctl {

RewardModelRlhf::RewardModelRlhf(const PreferenceModelConfig& model_config,
                                 PreferenceSource* source, int observation_size,
                                 int action_size, uint64_t seed)
    : source_(source),
      model_(model_config, observation_size, action_size),
      generator_(at::detail::createCPUGenerator(seed)) {
  if (model_config.type != "bradley_terry") {
    throw std::invalid_argument(
        "the reward-model baseline needs a bradley_terry model, not " +
        model_config.type);
  }
}

double RewardModelRlhf::Refit(const std::vector<Trajectory>& trajectories) {
  PreferenceDataset dataset;
  dataset.trajectories = trajectories;
  for (size_t i = 0; i + 1 < trajectories.size(); i += 2) {
    const double preference =
        source_->Prefer(trajectories[i], trajectories[i + 1]);
    dataset.comparisons.push_back(
        {static_cast<int>(i), static_cast<int>(i + 1), preference});
    ++queries_;
  }
  return FitPreferenceModel(model_, dataset, generator_);
}

void RewardModelRlhf::Save(torch::serialize::OutputArchive& archive) const {
  torch::serialize::OutputArchive model;
  model_->save(model);
  archive.write("model", model);
  archive.write("generator", generator_.get_state());
  WriteInt(archive, "queries", queries_);
}

void RewardModelRlhf::Load(torch::serialize::InputArchive& archive) {
  torch::serialize::InputArchive model;
  archive.read("model", model);
  model_->load(model);
  torch::Tensor generator_state;
  archive.read("generator", generator_state);
  generator_.set_state(generator_state);
  queries_ = ReadInt(archive, "queries");
}

std::vector<float> RewardModelRlhf::Rewards(const Trajectory& trajectory) {
  torch::NoGradGuard no_grad;
  const torch::Tensor rewards = model_->StepRewards(trajectory).contiguous();
  return std::vector<float>(rewards.data_ptr<float>(),
                            rewards.data_ptr<float>() + rewards.numel());
}

}  // namespace prefctl
