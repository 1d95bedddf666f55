#include "policies/target_update.h"

namespace prefctl {
namespace {

// Calls blend(target_tensor, source_tensor) on matching parameters and
// buffers (same registration order: the modules share one architecture).
template <typename Blend>
void ForEachPair(const torch::nn::Module& source, torch::nn::Module& target,
                 Blend blend) {
  torch::NoGradGuard no_grad;
  const auto source_parameters = source.parameters();
  auto target_parameters = target.parameters();
  TORCH_CHECK(source_parameters.size() == target_parameters.size(),
              "target network does not match its source");
  for (size_t i = 0; i < source_parameters.size(); ++i) {
    blend(target_parameters[i], source_parameters[i]);
  }
  const auto source_buffers = source.buffers();
  auto target_buffers = target.buffers();
  for (size_t i = 0; i < source_buffers.size(); ++i) {
    target_buffers[i].copy_(source_buffers[i]);
  }
}

}  // namespace

void HardUpdate(const torch::nn::Module& source, torch::nn::Module& target) {
  ForEachPair(source, target,
              [](torch::Tensor& t, const torch::Tensor& s) { t.copy_(s); });
}

void PolyakUpdate(const torch::nn::Module& source, torch::nn::Module& target,
                  double tau) {
  ForEachPair(source, target, [tau](torch::Tensor& t, const torch::Tensor& s) {
    t.lerp_(s, tau);
  });
}

}  // namespace prefctl
