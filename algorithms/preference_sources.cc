#include "algorithms/preference_sources.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "algorithms/external_source.h"
#include "algorithms/learned_source.h"

namespace prefctl {
namespace {

double Compare(double score_a, double score_b, double temperature) {
  if (temperature > 0) {
    return 1.0 / (1.0 + std::exp(-(score_a - score_b) / temperature));
  }
  return score_a > score_b ? 1.0 : (score_a < score_b ? 0.0 : 0.5);
}

}  // namespace

double CriterionSource::Prefer(const Trajectory& a, const Trajectory& b) {
  return Compare(CriterionScore(criterion_, a), CriterionScore(criterion_, b),
                 temperature_);
}

double MajoritySource::Prefer(const Trajectory& a, const Trajectory& b) {
  double votes = 0.0;
  for (const CriterionConfig& criterion : criteria_) {
    votes += Compare(CriterionScore(criterion, a), CriterionScore(criterion, b),
                     0.0) -
             0.5;
  }
  return votes > 0 ? 1.0 : (votes < 0 ? 0.0 : 0.5);
}

double NoisySource::Prefer(const Trajectory& a, const Trajectory& b) {
  const double answer = inner_->Prefer(a, b);
  return rng_.Uniform() < flip_rate_ ? 1.0 - answer : answer;
}

std::vector<uint64_t> NoisySource::SavedState() const {
  const Rng::State own = rng_.state();
  std::vector<uint64_t> state(own.begin(), own.end());
  const std::vector<uint64_t> inner = inner_->SavedState();
  state.insert(state.end(), inner.begin(), inner.end());
  return state;
}

void NoisySource::RestoreState(const std::vector<uint64_t>& state) {
  Rng::State own;
  if (state.size() < own.size()) {
    throw std::invalid_argument("noisy source: random state too short");
  }
  std::copy_n(state.begin(), own.size(), own.begin());
  rng_.set_state(own);
  inner_->RestoreState({state.begin() + own.size(), state.end()});
}

std::unique_ptr<PreferenceSource> MakePreferenceSource(
    const ConfigNode& node, const PreferenceTask& task, uint64_t seed) {
  std::string source = "return";
  node.ReadChoice(
      "source", &source,
      {"return", "non_markovian", "intransitive", "learned", "external"});
  double temperature = 0.0;
  node.Read("temperature", &temperature, Range::AtLeast(0.0));
  double flip_rate = 0.0;
  node.Read("flip_rate", &flip_rate, Range{0.0, 0.5, true, false});
  std::unique_ptr<PreferenceSource> result;
  if (source == "intransitive") {
    std::vector<CriterionConfig> criteria;
    for (const ConfigNode& item : node.Items("criteria")) {
      criteria.emplace_back();
      ReadConfig(item, task.observation_size, &criteria.back());
    }
    if (criteria.size() != 3) {
      node.Fail("criteria", "must list three criteria (got " +
                                std::to_string(criteria.size()) + ")");
    }
    result = std::make_unique<MajoritySource>(criteria);
  } else if (source == "learned") {
    std::string labels;
    node.ReadRequired("labels", &labels);
    node.ResolvePath("labels", &labels);
    PreferenceModelConfig model;
    ReadConfig(node.Child("model"), &model);
    result = std::make_unique<LearnedSource>(labels, model, task, seed);
  } else if (source == "external") {
    ExternalSourceConfig external;
    ReadConfig(node, &external);
    result = std::make_unique<ExternalSource>(external, task.name);
  } else {
    CriterionConfig criterion;
    if (source == "non_markovian") {
      if (!node.Has("criterion")) {
        node.Fail("criterion", "is required by the non_markovian source");
      }
      ReadConfig(node.Child("criterion"), task.observation_size, &criterion);
    }
    result = std::make_unique<CriterionSource>(criterion, temperature);
  }
  if (flip_rate > 0) {
    result = std::make_unique<NoisySource>(std::move(result), flip_rate, seed);
  }
  return result;
}

}  // namespace prefctl
