// The `learned` preference source: a preference model (Bradley-Terry or GPM,
// critics/preference_model.h) fitted to labelled pairs read from a JSONL
// label file (docs/preference_labels.md), such as the labels a person gives
// in `prefctl view`; it answers with the model's P(a preferred to b).
//
//   source: learned
//   labels: labels.jsonl      # relative to the experiment file
//   model: {type: gpm}        # PreferenceModelConfig
#ifndef PREFCTL_ALGORITHMS_LEARNED_SOURCE_H_
#define PREFCTL_ALGORITHMS_LEARNED_SOURCE_H_

#include <cstdint>
#include <string>

#include "algorithms/preference_sources.h"
#include "critics/preference_model.h"

namespace prefctl {

class LearnedSource : public PreferenceSource {
 public:
  // Reads the labels now, so that a malformed line or a label whose sizes do
  // not fit the task fails at once (naming the file and line); the model is
  // fitted at the first question.
  LearnedSource(const std::string& labels_path,
                const PreferenceModelConfig& model, const PreferenceTask& task,
                uint64_t seed);

  double Prefer(const Trajectory& a, const Trajectory& b) override;

  const PreferenceDataset& dataset() const { return dataset_; }

 private:
  void Fit();

  PreferenceModelConfig config_;
  PreferenceTask task_;
  uint64_t seed_;
  PreferenceDataset dataset_;
  PreferenceModel model_{nullptr};
};

}  // namespace prefctl

#endif  // PREFCTL_ALGORITHMS_LEARNED_SOURCE_H_
