#include "algorithms/reward_model_rlhf.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

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

double RewardModelRlhf::Refit(const std::vector<Trajectory>& fresh,
                              const std::vector<Trajectory>& previous,
                              int pairs) {
  // Indices 0..num_fresh-1 are fresh, the rest previous.
  const int num_fresh = static_cast<int>(fresh.size());
  const int num_all = num_fresh + static_cast<int>(previous.size());
  auto consecutive = [num_fresh](int i, int j) {
    return i % 2 == 0 && j == i + 1 && j < num_fresh;
  };
  std::vector<std::pair<int, int>> chosen;
  for (int i = 0; i + 1 < num_fresh && static_cast<int>(chosen.size()) < pairs;
       i += 2) {
    chosen.emplace_back(i, i + 1);
  }
  if (static_cast<int>(chosen.size()) < pairs) {
    std::vector<std::pair<int, int>> others;
    for (int i = 0; i < num_fresh; ++i) {
      for (int j = i + 1; j < num_all; ++j) {
        if (!consecutive(i, j)) others.emplace_back(i, j);
      }
    }
    const torch::Tensor order = torch::randperm(
        static_cast<int64_t>(others.size()), generator_, torch::kInt64);
    for (int64_t k = 0;
         k < order.numel() && static_cast<int>(chosen.size()) < pairs; ++k) {
      chosen.push_back(others[order[k].item<int64_t>()]);
    }
  }
  // The fit encodes every trajectory of the dataset at every step: the
  // previous round joins only when a pair needs it.
  PreferenceDataset dataset;
  dataset.trajectories = fresh;
  const bool uses_previous =
      std::any_of(chosen.begin(), chosen.end(),
                  [&](const auto& pair) { return pair.second >= num_fresh; });
  if (uses_previous) {
    dataset.trajectories.insert(dataset.trajectories.end(), previous.begin(),
                                previous.end());
  }
  for (const auto& [first, second] : chosen) {
    const double preference = source_->Prefer(dataset.trajectories[first],
                                              dataset.trajectories[second]);
    dataset.comparisons.push_back({first, second, preference});
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
  LoadModule(archive, "model", *model_);
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
