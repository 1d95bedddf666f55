#include "policies/diag_gaussian.h"

#include <gtest/gtest.h>

#include <cmath>

namespace prefctl {
namespace {

torch::Tensor T(std::initializer_list<double> values) {
  return torch::tensor(std::vector<double>(values), torch::kFloat64)
      .unsqueeze(0);  // [1, A]
}

TEST(DiagGaussianTest, LogProbMatchesClosedForm) {
  const DiagGaussian d{T({0.0, 1.0}), T({1.0, 2.0})};
  // log N(0.5; 0, 1) + log N(0; 1, 2)
  const double expected =
      (-0.5 * 0.25 - 0.5 * std::log(2 * M_PI)) +
      (-0.5 * 0.25 - std::log(2.0) - 0.5 * std::log(2 * M_PI));
  EXPECT_NEAR(d.LogProb(T({0.5, 0.0})).item<double>(), expected, 1e-12);
  // A leading sample dimension: [N, B, A] -> [N, B].
  const torch::Tensor samples = torch::stack({T({0.5, 0.0}), T({0.5, 0.0})});
  EXPECT_EQ(d.LogProb(samples).sizes(), (std::vector<int64_t>{2, 1}));
}

TEST(DiagGaussianTest, EntropyMatchesClosedForm) {
  const DiagGaussian d{T({0.0, 0.0}), T({1.0, 3.0})};
  const double expected = 2 * 0.5 * (1 + std::log(2 * M_PI)) + std::log(3.0);
  EXPECT_NEAR(d.Entropy().item<double>(), expected, 1e-12);
}

TEST(DiagGaussianTest, KlMatchesClosedFormAndParts) {
  const DiagGaussian p{T({0.0}), T({1.0})};
  const DiagGaussian q{T({1.0}), T({2.0})};
  // log(s_q/s_p) + (s_p^2 + (m_p - m_q)^2) / (2 s_q^2) - 1/2
  const double expected = std::log(2.0) + (1.0 + 1.0) / 8.0 - 0.5;
  EXPECT_NEAR(KL(p, q).item<double>(), expected, 1e-12);
  EXPECT_NEAR(KL(p, p).item<double>(), 0.0, 1e-15);
  // Mean part: (m_q - m_p)^2 / (2 s_p^2); stddev part: same means.
  EXPECT_NEAR(KLMean(p, q).item<double>(), 0.5, 1e-12);
  EXPECT_NEAR(KLStddev(p, q).item<double>(), std::log(2.0) + 1.0 / 8.0 - 0.5,
              1e-12);
  // Where only one part differs, it is the whole KL.
  const DiagGaussian shifted{T({1.0}), T({1.0})};
  EXPECT_NEAR(KLMean(p, shifted).item<double>(), KL(p, shifted).item<double>(),
              1e-12);
  EXPECT_NEAR(KLStddev(p, shifted).item<double>(), 0.0, 1e-15);
}

TEST(DiagGaussianTest, SamplesHaveTheRightMoments) {
  const DiagGaussian d{T({1.0, -2.0}).to(torch::kFloat32),
                       T({0.5, 2.0}).to(torch::kFloat32)};
  torch::Generator generator = at::detail::createCPUGenerator(3);
  const torch::Tensor samples = d.Sample(20000, generator);  // [N, 1, 2]
  EXPECT_EQ(samples.sizes(), (std::vector<int64_t>{20000, 1, 2}));
  const torch::Tensor mean = samples.mean(0).squeeze(0);
  const torch::Tensor stddev = samples.std(0).squeeze(0);
  EXPECT_NEAR(mean[0].item<float>(), 1.0, 0.02);
  EXPECT_NEAR(mean[1].item<float>(), -2.0, 0.06);
  EXPECT_NEAR(stddev[0].item<float>(), 0.5, 0.01);
  EXPECT_NEAR(stddev[1].item<float>(), 2.0, 0.04);
}

}  // namespace
}  // namespace prefctl
