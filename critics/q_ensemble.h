// An ensemble of K Q-functions evaluated as one batched module: each layer's
// weights are stacked [K, in, out] and applied with one batched matmul, so K
// heads cost one forward, not K (DESIGN.md 2.1). Each head is Acme's critic
// torso: LayerNorm then tanh after the first layer, ELU after the others.
#ifndef PREFCTL_CRITICS_Q_ENSEMBLE_H_
#define PREFCTL_CRITICS_Q_ENSEMBLE_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "core/config.h"

namespace prefctl {

struct CriticConfig {
  int heads = 2;  // K >= 2: clipped double-Q (Fujimoto et al. 2018).
  std::vector<int> hidden = {256, 256, 256};  // Acme's control networks.
  bool layer_norm_first = true;               // Acme's LayerNormMLP.
  // How heads combine for targets and scores: "min" (pessimistic, TD3/SAC)
  // or "mean".
  std::string aggregation = "min";
};
void ReadConfig(const ConfigNode& node, CriticConfig* config);

class QEnsembleImpl : public torch::nn::Module {
 public:
  QEnsembleImpl(const CriticConfig& config, int observation_size,
                int action_size);

  // Q of every head for M (observation, action) pairs: [K, M].
  torch::Tensor forward(const torch::Tensor& observations,
                        const torch::Tensor& actions);
  // Combines heads, [K, ...] -> [...].
  torch::Tensor Aggregate(const torch::Tensor& q_per_head) const;

  int heads() const { return config_.heads; }

 private:
  // forward's path on the CPU when gradients are off; inputs [M, in].
  torch::Tensor ForwardWithoutGradients(const torch::Tensor& inputs);

  CriticConfig config_;
  std::vector<torch::Tensor> weights_, biases_;  // [K, in, out], [K, 1, out]
  torch::Tensor norm_scale_, norm_shift_;        // [K, 1, hidden[0]]
};
TORCH_MODULE(QEnsemble);

}  // namespace prefctl

#endif  // PREFCTL_CRITICS_Q_ENSEMBLE_H_
