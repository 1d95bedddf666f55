#include "algorithms/improvement_loss.h"

#include <gtest/gtest.h>

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

TEST(ImprovementLossTest, KnowsPmpoAndMpo) {
  const std::vector<std::string> names = ImprovementLossNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "pmpo"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "mpo"), names.end());
}

TEST(ImprovementLossTest, BadConfigsAreClearErrors) {
  EXPECT_NE(ErrorOf("dpo2", "").find("known losses: 'pmpo', 'mpo'"),
            std::string::npos);
  std::string error = ErrorOf("pmpo", "alpha: 1.5\n");
  EXPECT_NE(error.find("exp.yaml:1: alpha must be [0, 1]"), std::string::npos)
      << error;
  error = ErrorOf("pmpo", "beta: -1\n");
  EXPECT_NE(error.find("beta must be >= 0"), std::string::npos) << error;
  error = ErrorOf("pmpo", "selection: best\n");
  EXPECT_NE(error.find("'top_fraction', 'advantage_sign', 'threshold'"),
            std::string::npos)
      << error;
  error = ErrorOf("mpo", "epsilon: 0\n");
  EXPECT_NE(error.find("epsilon must be > 0"), std::string::npos) << error;
}

}  // namespace
}  // namespace prefctl
