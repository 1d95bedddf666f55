#include "envs/rewards.h"

#include <cmath>

namespace prefctl {

const std::vector<std::pair<std::string, Sigmoid>>& SigmoidNames() {
  static const std::vector<std::pair<std::string, Sigmoid>> names = {
      {"gaussian", Sigmoid::kGaussian},
      {"hyperbolic", Sigmoid::kHyperbolic},
      {"long_tail", Sigmoid::kLongTail},
      {"reciprocal", Sigmoid::kReciprocal},
      {"cosine", Sigmoid::kCosine},
      {"linear", Sigmoid::kLinear},
      {"quadratic", Sigmoid::kQuadratic},
      {"tanh_squared", Sigmoid::kTanhSquared},
  };
  return names;
}

bool ValidValueAtMargin(double value, Sigmoid sigmoid) {
  switch (sigmoid) {
    case Sigmoid::kCosine:
    case Sigmoid::kLinear:
    case Sigmoid::kQuadratic:
      return value >= 0.0 && value < 1.0;
    default:
      return value > 0.0 && value < 1.0;
  }
}

double ShapedSigmoid(double x, double value, Sigmoid sigmoid) {
  switch (sigmoid) {
    case Sigmoid::kGaussian: {
      const double scale = std::sqrt(-2.0 * std::log(value));
      return std::exp(-0.5 * (x * scale) * (x * scale));
    }
    case Sigmoid::kHyperbolic:
      return 1.0 / std::cosh(x * std::acosh(1.0 / value));
    case Sigmoid::kLongTail: {
      const double scaled = x * std::sqrt(1.0 / value - 1.0);
      return 1.0 / (scaled * scaled + 1.0);
    }
    case Sigmoid::kReciprocal:
      return 1.0 / (std::abs(x) * (1.0 / value - 1.0) + 1.0);
    case Sigmoid::kCosine: {
      const double scaled = x * std::acos(2.0 * value - 1.0) / M_PI;
      return std::abs(scaled) < 1.0 ? (1.0 + std::cos(M_PI * scaled)) / 2.0
                                    : 0.0;
    }
    case Sigmoid::kLinear: {
      const double scaled = x * (1.0 - value);
      return std::abs(scaled) < 1.0 ? 1.0 - scaled : 0.0;
    }
    case Sigmoid::kQuadratic: {
      const double scaled = x * std::sqrt(1.0 - value);
      return std::abs(scaled) < 1.0 ? 1.0 - scaled * scaled : 0.0;
    }
    case Sigmoid::kTanhSquared: {
      const double t = std::tanh(x * std::atanh(std::sqrt(1.0 - value)));
      return 1.0 - t * t;
    }
  }
  return 0.0;
}

double Tolerance(double x, double lower, double upper, double margin,
                 Sigmoid sigmoid, double value_at_margin) {
  const bool in_bounds = lower <= x && x <= upper;
  if (in_bounds) return 1.0;
  if (margin == 0.0) return 0.0;
  const double distance = (x < lower ? lower - x : x - upper) / margin;
  return ShapedSigmoid(distance, value_at_margin, sigmoid);
}

}  // namespace prefctl
