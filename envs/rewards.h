// dm_control-style reward shaping: tolerance(x, bounds, margin, sigmoid,
// value_at_margin) is 1 inside [lower, upper] and falls off outside with the
// chosen sigmoid of distance / margin, equal to value_at_margin at distance
// == margin (Tassa et al., "DeepMind Control Suite", 2018, rewards.py).
#ifndef PREFCTL_ENVS_REWARDS_H_
#define PREFCTL_ENVS_REWARDS_H_

#include <string>
#include <utility>
#include <vector>

namespace prefctl {

enum class Sigmoid {
  kGaussian,
  kHyperbolic,
  kLongTail,
  kReciprocal,
  kCosine,
  kLinear,
  kQuadratic,
  kTanhSquared,
};

// Names as written in task files: gaussian, hyperbolic, long_tail, ...
const std::vector<std::pair<std::string, Sigmoid>>& SigmoidNames();

// The sigmoid at normalized distance x >= 0 with f(0) = 1 and f(1) = value.
// Requires value in (0, 1) for gaussian, hyperbolic, long_tail, reciprocal
// and tanh_squared, and in [0, 1) for cosine, linear and quadratic (which
// reach 0 at finite distance).
double ShapedSigmoid(double x, double value_at_1, Sigmoid sigmoid);

// Whether `value_at_margin` is allowed for `sigmoid` (see above).
bool ValidValueAtMargin(double value_at_margin, Sigmoid sigmoid);

// dm_control's tolerance. margin == 0 gives the indicator of the bounds.
double Tolerance(double x, double lower, double upper, double margin,
                 Sigmoid sigmoid, double value_at_margin);

}  // namespace prefctl

#endif  // PREFCTL_ENVS_REWARDS_H_
