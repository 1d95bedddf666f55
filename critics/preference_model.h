// Learned models of preferences between trajectories, fitted to labelled
// pairs (DESIGN.md 2.5, 2.6). Both read a trajectory step by step through
// one MLP on (o_t, a_t):
//   bradley_terry: R(xi) = sum_t r(o_t, a_t), P(i > j) = sigmoid(R_i - R_j).
//     A scalar score: on a preference cycle a > b > c > a it is right on at
//     most two of the three pairs.
//   gpm (General Preference Model, seed 002): v(xi) = normalize(mean_t
//     f(o_t, a_t)) in R^{2k}; s(i > j) = <R v_i, v_j> with R = blockdiag(
//     lambda_1 J, ..., lambda_k J), J = [[0, -1], [1, 0]], lambda = softmax
//     of learned gate logits; P(i > j) = sigmoid(s / tau). s is
//     skew-symmetric, so cycles are representable; cost is linear in the
//     number of trajectories.
#ifndef PREFCTL_CRITICS_PREFERENCE_MODEL_H_
#define PREFCTL_CRITICS_PREFERENCE_MODEL_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/config.h"
#include "envs/trajectory.h"

namespace prefctl {

struct PreferenceModelConfig {
  std::string type = "bradley_terry";  // or "gpm"
  std::vector<int> hidden = {64, 64};
  int embedding_pairs = 2;      // gpm: k, the embedding lives in R^{2k}
  double temperature = 0.1;     // gpm: unit embeddings give |s| <= 1
  double learning_rate = 1e-3;  // Adam, as the critics
  int fit_steps = 500;          // gradient steps per Fit
  int batch_size = 64;          // comparisons per step
};
void ReadConfig(const ConfigNode& node, PreferenceModelConfig* config);

// Trajectories and the labelled comparisons between them: preference is
// P(first preferred to second), 1, 0 or 1/2 for hard labels.
struct Comparison {
  int first = 0, second = 0;
  double preference = 0.5;
};
struct PreferenceDataset {
  std::vector<Trajectory> trajectories;
  std::vector<Comparison> comparisons;
};

class PreferenceModelImpl : public torch::nn::Module {
 public:
  PreferenceModelImpl(const PreferenceModelConfig& config, int observation_size,
                      int action_size);

  // One row per trajectory: R(xi) [P, 1] or the unit embedding [P, 2k].
  torch::Tensor Encode(const std::vector<const Trajectory*>& trajectories);
  // Logit of P(i > j) for encodings of equal length.
  torch::Tensor Logits(const torch::Tensor& first,
                       const torch::Tensor& second) const;
  // bradley_terry: the per-step rewards r(o_t, a_t) of a trajectory [T].
  torch::Tensor StepRewards(const Trajectory& trajectory);
  // P(a > b) for two trajectories.
  double Probability(const Trajectory& a, const Trajectory& b);

  const PreferenceModelConfig& config() const { return config_; }

 private:
  torch::Tensor StepOutputs(const torch::Tensor& features);

  PreferenceModelConfig config_;
  int observation_size_, action_size_;
  std::vector<torch::nn::Linear> layers_;
  torch::Tensor gate_logits_;  // gpm: [k]
};
TORCH_MODULE(PreferenceModel);

// Fits the model to the dataset's comparisons (cross-entropy with the
// labels as targets); returns the mean loss of the last 10% of steps.
double FitPreferenceModel(PreferenceModel& model,
                          const PreferenceDataset& dataset,
                          torch::Generator& generator);

// Fraction of non-tied comparisons whose preferred side the model gives
// P > 1/2.
double PreferenceAccuracy(PreferenceModel& model,
                          const PreferenceDataset& dataset);

}  // namespace prefctl

#endif  // PREFCTL_CRITICS_PREFERENCE_MODEL_H_
