// Target networks follow their online twins by hard copy (every T updates)
// or by Polyak averaging (every update). Parameters and buffers both follow.
#ifndef PREFCTL_POLICIES_TARGET_UPDATE_H_
#define PREFCTL_POLICIES_TARGET_UPDATE_H_

#include <torch/torch.h>

namespace prefctl {

// target <- source.
void HardUpdate(const torch::nn::Module& source, torch::nn::Module& target);
// target <- (1 - tau) target + tau source.
void PolyakUpdate(const torch::nn::Module& source, torch::nn::Module& target,
                  double tau);

}  // namespace prefctl

#endif  // PREFCTL_POLICIES_TARGET_UPDATE_H_
