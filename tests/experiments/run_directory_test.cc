#include "experiments/run_directory.h"

#include <gtest/gtest.h>

namespace prefctl {
namespace {

TEST(ChangedSettingsTest, NamesEachChangedKeyByItsPathWithBothValues) {
  const std::vector<SettingChange> changes = ChangedSettings(
      "task: walker-walk\nlearner: {batch_size: 256, n_step: 5}\n",
      "task: cheetah-run\nlearner: {batch_size: 256, n_step: 3}\n");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].key, "task");
  EXPECT_EQ(changes[0].before, "walker-walk");
  EXPECT_EQ(changes[0].after, "cheetah-run");
  EXPECT_EQ(changes[1].key, "learner.n_step");
  EXPECT_EQ(changes[1].before, "5");
  EXPECT_EQ(changes[1].after, "3");
}

TEST(ChangedSettingsTest, ComparesNumbersByValue) {
  EXPECT_TRUE(ChangedSettings("rate: 1e-3\nsteps: 500000\n",
                              "rate: 0.001\nsteps: 5e5\n")
                  .empty());
  EXPECT_EQ(ChangedSettings("rate: 1e-3\n", "rate: 0.0011\n").size(), 1u);
}

TEST(ChangedSettingsTest, ComparesListsWhole) {
  const std::vector<SettingChange> changes = ChangedSettings(
      "policy: {hidden: [256, 256]}\n", "policy: {hidden: [256, 256, 256]}\n");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].key, "policy.hidden");
  EXPECT_EQ(changes[0].before, "[256, 256]");
  EXPECT_EQ(changes[0].after, "[256, 256, 256]");
  EXPECT_TRUE(ChangedSettings("hidden: [1e2]\n", "hidden: [100]\n").empty());
}

TEST(ChangedSettingsTest, NamesAddedAndRemovedKeysAsAbsent) {
  const std::vector<SettingChange> changes =
      ChangedSettings("algorithm: {loss: pmpo, pmpo: {alpha: 0.5}}\n",
                      "algorithm: {loss: pmpo}\npreference: {method: spo}\n");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].key, "algorithm.pmpo");
  EXPECT_EQ(changes[0].before, "{alpha: 0.5}");
  EXPECT_EQ(changes[0].after, "absent");
  EXPECT_EQ(changes[1].key, "preference");
  EXPECT_EQ(changes[1].before, "absent");
}

}  // namespace
}  // namespace prefctl
