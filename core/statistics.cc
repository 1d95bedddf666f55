#include "core/statistics.h"

#include <cmath>

namespace prefctl {

double StudentT975(int dof) {
  // Standard tables; beyond 30 the normal quantile is within 2%.
  static constexpr double kTable[] = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof < 1) return 0.0;
  if (dof <= 30) return kTable[dof - 1];
  return 1.960;
}

MeanInterval MeanWithInterval(const std::vector<double>& values) {
  MeanInterval result;
  result.count = static_cast<int>(values.size());
  if (values.empty()) return result;
  for (double value : values) result.mean += value / values.size();
  if (values.size() < 2) return result;
  double square_sum = 0.0;
  for (double value : values) {
    square_sum += (value - result.mean) * (value - result.mean);
  }
  const double stddev = std::sqrt(square_sum / (values.size() - 1));
  result.half_width = StudentT975(result.count - 1) * stddev /
                      std::sqrt(static_cast<double>(values.size()));
  return result;
}

}  // namespace prefctl
