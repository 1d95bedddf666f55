#include "viewer/optimizer_inspector.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/viewer/viewer_fixtures.h"

namespace prefctl {
namespace {

struct Networks {
  GaussianPolicy policy{SmallPolicy(), kCartpoleObservations, kCartpoleActions};
  QEnsemble critic{SmallCritic(), kCartpoleObservations, kCartpoleActions};
  torch::Generator generator = at::detail::createCPUGenerator(3);
  std::vector<float> observation = {0.1f, -0.2f, 0.9f, 0.05f, 0.3f};
  std::vector<float> executed = {0.25f};

  OptimizerInspection Inspect(const PmpoConfig& pmpo, int n) {
    return InspectOptimizer(policy, critic, pmpo, observation.data(),
                            kCartpoleObservations, executed.data(),
                            kCartpoleActions, n, generator);
  }
};

TEST(OptimizerInspectorTest, CountsFollowThePmpoFractions) {
  Networks networks;
  PmpoConfig pmpo;
  pmpo.accept_fraction = 0.25;
  pmpo.reject_fraction = 0.5;
  const OptimizerInspection inspection = networks.Inspect(pmpo, 20);
  EXPECT_EQ(inspection.num_samples, 20);
  EXPECT_EQ(inspection.accepted_count, 5);
  EXPECT_EQ(inspection.rejected_count, 10);
  EXPECT_EQ(
      std::count(inspection.accepted.begin(), inspection.accepted.end(), 1), 5);
  // Accepted samples are the highest-Q ones, rejected the lowest.
  float lowest_accepted = 1e9f, highest_rejected = -1e9f;
  for (int i = 0; i < 20; ++i) {
    if (inspection.accepted[i]) {
      lowest_accepted = std::min(lowest_accepted, inspection.q[i]);
    }
    if (inspection.rejected[i]) {
      highest_rejected = std::max(highest_rejected, inspection.q[i]);
    }
  }
  EXPECT_GT(lowest_accepted, highest_rejected);

  pmpo.accept_fraction = 0.5;
  pmpo.reject_fraction = 0.5;
  const OptimizerInspection halves = networks.Inspect(pmpo, 7);
  EXPECT_EQ(halves.accepted_count, 4);  // ceil(3.5), as in training
  EXPECT_EQ(halves.rejected_count, 4);
}

TEST(OptimizerInspectorTest, AdvantageSignSplitsAtTheMeanQ) {
  Networks networks;
  PmpoConfig pmpo;
  pmpo.selection = "advantage_sign";
  const OptimizerInspection inspection = networks.Inspect(pmpo, 32);
  float mean = 0.0f;
  for (float q : inspection.q) mean += q / 32;
  int above = 0;
  for (float q : inspection.q) above += q > mean;
  EXPECT_EQ(inspection.accepted_count, above);
  EXPECT_EQ(inspection.accepted_count + inspection.rejected_count, 32);
}

TEST(OptimizerInspectorTest, ScoresClippedSamplesAndTheExecutedAction) {
  Networks networks;
  const OptimizerInspection inspection = networks.Inspect(PmpoConfig{}, 16);
  ASSERT_EQ(inspection.actions.size(), 16u);
  for (float a : inspection.actions) {
    EXPECT_GE(a, -1.0f);
    EXPECT_LE(a, 1.0f);
  }
  torch::NoGradGuard no_grad;
  const torch::Tensor state =
      torch::tensor(networks.observation).view({1, kCartpoleObservations});
  const auto q_of = [&](float action) {
    return networks.critic
        ->Aggregate(networks.critic->forward(
            state, torch::tensor({action}).view({1, 1})))
        .item<float>();
  };
  EXPECT_NEAR(inspection.executed_q, q_of(0.25f), 1e-5);
  EXPECT_NEAR(inspection.q[3], q_of(inspection.actions[3]), 1e-5);
}

}  // namespace
}  // namespace prefctl
