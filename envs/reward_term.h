// A reward as data: a tree whose leaves shape one quantity with dm_control's
// tolerance and whose groups combine their children.
//
//   reward:                        # a group
//     combine: product             # product | sum | mean | min
//     terms:
//       - quantity: {type: body_xmat, bodies: [pole_1], components: [zz]}
//         offset: 0.5              # result = offset + scale * value
//         scale: 0.5
//       - quantity: {type: control}
//         tolerance: {bounds: [0, 0], margin: 1, sigmoid: quadratic,
//                     value_at_margin: 0}
//         reduce: mean             # over the quantity's elements
//         offset: 0.8
//         scale: 0.2
//
// A leaf without `tolerance` passes its (reduced) value through. `weight`
// weighs a term inside a `sum` or `mean` group.
#ifndef PREFCTL_ENVS_REWARD_TERM_H_
#define PREFCTL_ENVS_REWARD_TERM_H_

#include <mujoco/mujoco.h>

#include <memory>
#include <optional>
#include <vector>

#include "core/config.h"
#include "envs/quantity.h"
#include "envs/rewards.h"

namespace prefctl {

class RewardTerm {
 public:
  RewardTerm(const ConfigNode& node, const mjModel* model);

  double Evaluate(const mjModel* model, const mjData* data) const;

 private:
  enum class Combine { kProduct, kSum, kMean, kMin, kMax };
  static double CombineValues(Combine mode, const std::vector<double>& values,
                              const std::vector<double>& weights);

  // Leaf.
  std::optional<Quantity> quantity_;
  bool shaped_ = false;
  double lower_ = 0.0, upper_ = 0.0, margin_ = 0.0, value_at_margin_ = 0.1;
  Sigmoid sigmoid_ = Sigmoid::kGaussian;
  Combine reduce_ = Combine::kMean;
  // Group.
  Combine combine_ = Combine::kProduct;
  std::vector<RewardTerm> children_;
  std::vector<double> weights_;  // The children's weights.

  // Scratch: the quantity's values, or the children's.
  mutable std::vector<double> values_;

  double weight_ = 1.0, scale_ = 1.0, offset_ = 0.0;
};

// Episode ends when a quantity leaves [above, below] bounds:
//   termination: [{quantity: {...}, below: 0.3}]   # ends when any value < 0.3
class TerminationCondition {
 public:
  TerminationCondition(const ConfigNode& node, const mjModel* model);
  bool Holds(const mjModel* model, const mjData* data) const;

 private:
  Quantity quantity_;
  double below_, above_;
  mutable std::vector<double> values_;
};

}  // namespace prefctl

#endif  // PREFCTL_ENVS_REWARD_TERM_H_
