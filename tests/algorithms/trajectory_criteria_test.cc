#include "algorithms/trajectory_criteria.h"

#include <gtest/gtest.h>

namespace prefctl {
namespace {

// Observations o_t = {values[t]} for t < T, actions {1, 2}, rewards 0.5.
Trajectory FromValues(const std::vector<float>& values) {
  Trajectory trajectory;
  trajectory.observation_size = 1;
  trajectory.action_size = 2;
  const float action[2] = {1.0f, 2.0f};
  for (float value : values) trajectory.Append(&value, action, 0.5f);
  const float final_value = 100.0f;  // the final observation never counts
  trajectory.Finish(&final_value);
  return trajectory;
}

TEST(TrajectoryCriteriaTest, EachKind) {
  const Trajectory trajectory = FromValues({1, 0, 1, 1, 1, 0, 3, 4});
  CriterionConfig config;
  EXPECT_DOUBLE_EQ(CriterionScore(config, trajectory), 4.0);  // return
  config.kind = "observation_mean";
  EXPECT_DOUBLE_EQ(CriterionScore(config, trajectory), 11.0 / 8);
  config.kind = "action_energy";
  EXPECT_DOUBLE_EQ(CriterionScore(config, trajectory), -5.0);
  config.kind = "longest_stretch";
  config.threshold = 1.0;
  EXPECT_DOUBLE_EQ(CriterionScore(config, trajectory), 3.0 / 8);
  config.kind = "worst_window_mean";
  config.window = 2;
  EXPECT_DOUBLE_EQ(CriterionScore(config, trajectory), 0.5);
  config.weight = -2.0;
  EXPECT_DOUBLE_EQ(CriterionScore(config, trajectory), -1.0);
}

// longest_stretch is not a sum of per-step terms: the same steps in another
// order score differently.
TEST(TrajectoryCriteriaTest, LongestStretchIsNotMarkovian) {
  CriterionConfig config;
  config.kind = "longest_stretch";
  config.threshold = 1.0;
  EXPECT_GT(CriterionScore(config, FromValues({1, 1, 1, 0, 0, 0})),
            CriterionScore(config, FromValues({1, 0, 1, 0, 1, 0})));
}

TEST(TrajectoryCriteriaTest, BadIndexNamesTheKeyAndRange) {
  CriterionConfig config;
  try {
    ReadConfig(ConfigNode::LoadString("kind: longest_stretch\nobservation: 5\n",
                                      "exp.yaml"),
               /*observation_size=*/5, &config);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("exp.yaml:2: observation must be"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace prefctl
