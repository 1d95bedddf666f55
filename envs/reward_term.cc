#include "envs/reward_term.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace prefctl {
namespace {

const std::vector<std::string> kCombineNames = {"product", "sum", "mean", "min",
                                                "max"};

}  // namespace

RewardTerm::RewardTerm(const ConfigNode& node, const mjModel* model) {
  node.Read("weight", &weight_, Range::AtLeast(0.0));
  node.Read("scale", &scale_);
  node.Read("offset", &offset_);
  if (node.Has("terms")) {
    std::string combine = "product";
    node.ReadChoice("combine", &combine, kCombineNames);
    combine_ = static_cast<Combine>(
        std::find(kCombineNames.begin(), kCombineNames.end(), combine) -
        kCombineNames.begin());
    for (const ConfigNode& child : node.Items("terms")) {
      children_.emplace_back(child, model);
    }
    if (children_.empty()) node.Fail("terms", "must list at least one term");
    values_.resize(children_.size());
    for (const RewardTerm& child : children_) weights_.push_back(child.weight_);
  } else {
    if (!node.Has("quantity")) {
      node.Fail("", "needs either `terms` (a group) or `quantity` (a leaf)");
    }
    quantity_.emplace(node.Child("quantity"), model);
    values_.resize(quantity_->size());
    std::string reduce = "mean";
    node.ReadChoice("reduce", &reduce, kCombineNames);
    reduce_ = static_cast<Combine>(
        std::find(kCombineNames.begin(), kCombineNames.end(), reduce) -
        kCombineNames.begin());
    if (node.Has("tolerance")) {
      shaped_ = true;
      const ConfigNode tolerance = node.Child("tolerance");
      std::vector<double> bounds = {0.0, 0.0};
      tolerance.Read("bounds", &bounds);
      if (bounds.size() != 2 || bounds[0] > bounds[1]) {
        tolerance.Fail("bounds", "must be [lower, upper] with lower <= upper");
      }
      lower_ = bounds[0];
      upper_ = bounds[1];
      tolerance.Read("margin", &margin_, Range::AtLeast(0.0));
      tolerance.ReadEnum("sigmoid", &sigmoid_, SigmoidNames());
      tolerance.Read("value_at_margin", &value_at_margin_);
      if (margin_ > 0 && !ValidValueAtMargin(value_at_margin_, sigmoid_)) {
        tolerance.Fail("value_at_margin",
                       "must be in (0, 1) for gaussian, hyperbolic, "
                       "long_tail, reciprocal and tanh_squared, and in "
                       "[0, 1) for cosine, linear and quadratic");
      }
      tolerance.CheckNoUnknownKeys();
    }
  }
  node.CheckNoUnknownKeys();
}

double RewardTerm::CombineValues(Combine mode,
                                 const std::vector<double>& values,
                                 const std::vector<double>& weights) {
  double product = 1.0, sum = 0.0, total_weight = 0.0;
  double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
  for (size_t i = 0; i < values.size(); ++i) {
    const double weight = weights.empty() ? 1.0 : weights[i];
    product *= values[i];
    sum += weight * values[i];
    total_weight += weight;
    lowest = std::min(lowest, values[i]);
    highest = std::max(highest, values[i]);
  }
  switch (mode) {
    case Combine::kProduct:
      return product;
    case Combine::kSum:
      return sum;
    case Combine::kMean:
      return total_weight > 0 ? sum / total_weight : 0.0;
    case Combine::kMin:
      return lowest;
    case Combine::kMax:
      return highest;
  }
  return 0.0;
}

double RewardTerm::Evaluate(const mjModel* model, const mjData* data) const {
  if (quantity_) {
    quantity_->Evaluate(model, data, values_.data());
    if (shaped_) {
      for (double& v : values_) {
        v = Tolerance(v, lower_, upper_, margin_, sigmoid_, value_at_margin_);
      }
    }
  } else {
    for (size_t i = 0; i < children_.size(); ++i) {
      values_[i] = children_[i].Evaluate(model, data);
    }
  }
  return offset_ + scale_ * CombineValues(quantity_ ? reduce_ : combine_,
                                          values_, weights_);
}

TerminationCondition::TerminationCondition(const ConfigNode& node,
                                           const mjModel* model)
    : quantity_(node.Child("quantity"), model),
      below_(-std::numeric_limits<double>::infinity()),
      above_(std::numeric_limits<double>::infinity()),
      values_(quantity_.size()) {
  node.Read("below", &below_);
  node.Read("above", &above_);
  node.CheckNoUnknownKeys();
}

bool TerminationCondition::Holds(const mjModel* model,
                                 const mjData* data) const {
  quantity_.Evaluate(model, data, values_.data());
  for (double v : values_) {
    if (v < below_ || v > above_) return true;
  }
  return false;
}

}  // namespace prefctl
