// Summaries of a few repeated measurements (seeds of a benchmark): the mean
// and a Student-t 95% confidence interval for it.
#ifndef PREFCTL_CORE_STATISTICS_H_
#define PREFCTL_CORE_STATISTICS_H_

#include <vector>

namespace prefctl {

struct MeanInterval {
  double mean = 0.0;
  double half_width = 0.0;  // mean +- half_width is the 95% interval
  int count = 0;
};

// Sample mean and t_{0.975, n-1} * s / sqrt(n); half_width is 0 for n < 2.
MeanInterval MeanWithInterval(const std::vector<double>& values);

// Two-sided 97.5% quantile of Student's t with `dof` degrees of freedom.
double StudentT975(int dof);

}  // namespace prefctl

#endif  // PREFCTL_CORE_STATISTICS_H_
