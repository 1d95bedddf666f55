#include "tests/algorithms/loss_fixtures.h"

#include <cmath>

namespace prefctl {

const std::vector<double> kTinyActions = {-1, 0, 0.5, 2};
const std::vector<double> kTinyQ = {1, 4, 3, 2};

ActionSetBatch TinyBatch(const torch::Tensor& policy_mean,
                         const torch::Tensor& policy_stddev,
                         const std::vector<double>& actions,
                         const std::vector<double>& q) {
  const int64_t n = static_cast<int64_t>(actions.size());
  ActionSetBatch batch;
  batch.reference = {torch::zeros({1, 1}, torch::kFloat64),
                     torch::ones({1, 1}, torch::kFloat64)};
  batch.policy = {policy_mean.view({1, 1}), policy_stddev.view({1, 1})};
  batch.actions = torch::tensor(actions, torch::kFloat64).view({n, 1, 1});
  batch.q_values = torch::tensor(q, torch::kFloat64).view({n, 1});
  // Two heads: the aggregated scores and a second, disagreeing critic.
  batch.q_values_per_head =
      torch::stack({batch.q_values, batch.q_values.flip(0)});
  batch.log_prob_policy = batch.policy.LogProb(batch.actions);
  batch.log_prob_reference = batch.reference.LogProb(batch.actions);
  return batch;
}

double TinyLoss(ImprovementLoss& loss, const std::vector<double>& actions,
                const std::vector<double>& q, double mean, double stddev) {
  return loss
      .Compute(TinyBatch(torch::tensor(mean, torch::kFloat64),
                         torch::tensor(stddev, torch::kFloat64), actions, q))
      .loss.item<double>();
}

double LogNormal(double a, double mean, double stddev) {
  return -0.5 * std::pow((a - mean) / stddev, 2) - std::log(stddev) -
         0.5 * std::log(2 * M_PI);
}

std::vector<double> LogRatios(double mean, double stddev,
                              const std::vector<double>& actions) {
  std::vector<double> ratios;
  for (double a : actions) {
    ratios.push_back(LogNormal(a, mean, stddev) - LogNormal(a, 0.0, 1.0));
  }
  return ratios;
}

std::vector<double> ZScores(const std::vector<double>& q) {
  double mean = 0.0, square = 0.0;
  for (double x : q) mean += x / q.size();
  for (double x : q) square += (x - mean) * (x - mean) / q.size();
  std::vector<double> z;
  for (double x : q) z.push_back((x - mean) / std::sqrt(square));
  return z;
}

double LogSigmoid(double x) { return -std::log1p(std::exp(-x)); }

GradientCheck CheckGradient(ImprovementLoss& loss, double mean, double stddev) {
  torch::Tensor mean_tensor =
      torch::tensor(mean, torch::kFloat64).set_requires_grad(true);
  torch::Tensor stddev_tensor =
      torch::tensor(stddev, torch::kFloat64).set_requires_grad(true);
  loss.Compute(TinyBatch(mean_tensor, stddev_tensor)).loss.backward();
  auto value = [&](double m, double s) {
    return TinyLoss(loss, kTinyActions, kTinyQ, m, s);
  };
  const double h = 1e-6;
  return {mean_tensor.grad().item<double>(),
          (value(mean + h, stddev) - value(mean - h, stddev)) / (2 * h),
          stddev_tensor.grad().item<double>(),
          (value(mean, stddev + h) - value(mean, stddev - h)) / (2 * h)};
}

}  // namespace prefctl
