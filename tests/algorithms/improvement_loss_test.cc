#include "algorithms/improvement_loss.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/algorithms/bandit.h"

namespace prefctl {
namespace {

std::string ErrorOf(const std::string& name, const std::string& yaml) {
  try {
    MakeImprovementLoss(name, ConfigNode::LoadString(yaml, "exp.yaml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ImprovementLossTest, KnowsTheWholeFamily) {
  EXPECT_EQ(ImprovementLossNames(),
            (std::vector<std::string>{
                "pmpo", "mpo", "dpo", "ipo", "soft_po", "infonca", "nca",
                "distill", "distill_pessimistic", "lipo_lambda", "sppo"}));
}

TEST(ImprovementLossTest, BadConfigsAreClearErrors) {
  EXPECT_NE(ErrorOf("dpo2", "").find("known losses: 'pmpo', 'mpo'"),
            std::string::npos);
  std::string error = ErrorOf("pmpo", "alpha: 1.5\n");
  EXPECT_NE(error.find("exp.yaml:1: alpha must be in [0, 1]"),
            std::string::npos)
      << error;
  error = ErrorOf("pmpo", "beta: -1\n");
  EXPECT_NE(error.find("beta must be >= 0"), std::string::npos) << error;
  error = ErrorOf("pmpo", "action_penalty_weight: -0.1\n");
  EXPECT_NE(error.find("action_penalty_weight must be >= 0"), std::string::npos)
      << error;
  error = ErrorOf("pmpo", "min_entropy_per_dim: .inf\n");
  EXPECT_NE(error.find("min_entropy_per_dim must be < inf"), std::string::npos)
      << error;
  EXPECT_EQ(ErrorOf("pmpo", "min_entropy_per_dim: -1\n"), "");
  error = ErrorOf("pmpo", "selection: best\n");
  EXPECT_NE(error.find("'top_fraction', 'advantage_sign', 'threshold'"),
            std::string::npos)
      << error;
  error = ErrorOf("mpo", "epsilon: 0\n");
  EXPECT_NE(error.find("epsilon must be > 0"), std::string::npos) << error;
  error = ErrorOf("dpo", "beta: 0\n");
  EXPECT_NE(error.find("beta must be > 0"), std::string::npos) << error;
  error = ErrorOf("nca", "normalize: minmax\n");
  EXPECT_NE(error.find("'zscore', 'rank', 'none'"), std::string::npos) << error;
  error = ErrorOf("ipo", "pairs: some\n");
  EXPECT_NE(error.find("'best_worst', 'all', 'margin'"), std::string::npos)
      << error;
  // gamma belongs to the pessimistic version only.
  EXPECT_NE(ErrorOf("distill", "gamma: 1\n").find("gamma"), std::string::npos);
  EXPECT_EQ(ErrorOf("distill_pessimistic", "gamma: 1\n"), "");
}

TEST(ImprovementLossTest, ActionExcessIsTheDistanceToTheBox) {
  // [N = 2, B = 1, A = 2]: one sample past two bounds, one inside.
  const torch::Tensor actions =
      torch::tensor({1.5, -3.0, 0.3, -1.0}, torch::kFloat64).view({2, 1, 2});
  const torch::Tensor excess = ActionExcess(actions);
  ASSERT_EQ(excess.sizes(), (std::vector<int64_t>{2, 1}));
  EXPECT_NEAR(excess[0][0].item<double>(), std::sqrt(0.25 + 4.0), 1e-12);
  EXPECT_EQ(excess[1][0].item<double>(), 0.0);
}

class EveryLossTest : public ::testing::TestWithParam<std::string> {};

// Each loss with its defaults moves the bandit policy's mean from 0 toward
// the optimum at distance 0.583 in 400 steps.
TEST_P(EveryLossTest, BanditMovesTowardTheOptimum) {
  std::unique_ptr<ImprovementLoss> loss =
      MakeImprovementLoss(GetParam(), ConfigNode::LoadString("{}", "exp.yaml"));
  const torch::Tensor optimum = torch::tensor({0.5f, -0.3f});
  const BanditResult result = RunBandit(*loss, 400, optimum);
  ASSERT_TRUE(result.finite);
  // A quarter of the starting distance. All but DPO end within 0.07; DPO
  // (one best/worst pair, beta 0.1, no KL) shrinks its stddev to 0.03
  // before the mean arrives and stops at 0.14.
  EXPECT_LT(result.distance, 0.25 * 0.583)
      << "mean " << result.mean << " stddev " << result.stddev;
}

INSTANTIATE_TEST_SUITE_P(Losses, EveryLossTest,
                         ::testing::ValuesIn(ImprovementLossNames()));

}  // namespace
}  // namespace prefctl
