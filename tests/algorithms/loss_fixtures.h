// Small fixed inputs for improvement-loss tests: hand-checkable values.
#ifndef PREFCTL_TESTS_ALGORITHMS_LOSS_FIXTURES_H_
#define PREFCTL_TESTS_ALGORITHMS_LOSS_FIXTURES_H_

#include <torch/torch.h>

#include <vector>

#include "algorithms/improvement_loss.h"

namespace prefctl {

// The value tests' policy N(kTinyMean, kTinyStddev) and samples: the best
// action is 0 (Q 4), the worst -1 (Q 1).
constexpr double kTinyMean = 0.2, kTinyStddev = 1.5;
extern const std::vector<double> kTinyActions;  // {-1, 0, 0.5, 2}
extern const std::vector<double> kTinyQ;        // {1, 4, 3, 2}

// One state, 1-D actions `actions` with critic scores `q` (float64), drawn
// from the reference N(0, 1); the policy is N(policy_mean, policy_stddev)
// (0-dim tensors, possibly requiring grad).
ActionSetBatch TinyBatch(const torch::Tensor& policy_mean,
                         const torch::Tensor& policy_stddev,
                         const std::vector<double>& actions = kTinyActions,
                         const std::vector<double>& q = kTinyQ);

// The loss's value on TinyBatch with the policy N(mean, stddev).
double TinyLoss(ImprovementLoss& loss,
                const std::vector<double>& actions = kTinyActions,
                const std::vector<double>& q = kTinyQ, double mean = kTinyMean,
                double stddev = kTinyStddev);

// log N(a; mean, stddev) in 1-D.
double LogNormal(double a, double mean, double stddev);

// Scalar versions of what the losses compute, for hand-computed values:
// h_i = log N(a_i; mean, stddev) - log N(a_i; 0, 1), and z-scored q.
std::vector<double> LogRatios(double mean, double stddev,
                              const std::vector<double>& actions);
std::vector<double> ZScores(const std::vector<double>& q);
double LogSigmoid(double x);

// d loss / d (policy mean, policy stddev) at (mean, stddev) by autograd and
// by central finite differences on TinyBatch.
struct GradientCheck {
  double mean_autograd, mean_numeric, stddev_autograd, stddev_numeric;
};
GradientCheck CheckGradient(ImprovementLoss& loss, double mean, double stddev);

}  // namespace prefctl

#endif  // PREFCTL_TESTS_ALGORITHMS_LOSS_FIXTURES_H_
