#include "experiments/run_directory.h"

#include <gtest/gtest.h>

namespace prefctl {
namespace {

void ExpectChange(const SettingChange& change, const std::string& key,
                  const std::string& before, const std::string& after) {
  EXPECT_EQ(change.key, key);
  EXPECT_EQ(change.before, before);
  EXPECT_EQ(change.after, after);
}

TEST(ChangedSettingsTest, NamesEachChangedKeyByItsPathWithBothValues) {
  const std::vector<SettingChange> changes = ChangedSettings(
      "task: walker-walk\nlearner: {batch_size: 256, n_step: 5}\n",
      "task: cheetah-run\nlearner: {batch_size: 256, n_step: 3}\n");
  ASSERT_EQ(changes.size(), 2u);
  ExpectChange(changes[0], "task", "walker-walk", "cheetah-run");
  ExpectChange(changes[1], "learner.n_step", "5", "3");
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
  ExpectChange(changes[0], "policy.hidden", "[256, 256]", "[256, 256, 256]");
  EXPECT_TRUE(ChangedSettings("hidden: [1e2]\n", "hidden: [100]\n").empty());
  // Maps inside a list compare by their keys' values.
  EXPECT_TRUE(
      ChangedSettings("judges: [{w: 1e2}]\n", "judges: [{w: 100}]\n").empty());
  EXPECT_EQ(
      ChangedSettings("judges: [{w: 1}]\n", "judges: [{w: 1, v: 2}]\n").size(),
      1u);
}

TEST(ChangedSettingsTest, NamesAddedAndRemovedKeysAsAbsent) {
  const std::vector<SettingChange> changes =
      ChangedSettings("algorithm: {loss: pmpo, pmpo: {alpha: 0.5}}\n",
                      "algorithm: {loss: pmpo}\npreference: {method: spo}\n");
  ASSERT_EQ(changes.size(), 2u);
  ExpectChange(changes[0], "algorithm.pmpo", "{alpha: 0.5}", "absent");
  ExpectChange(changes[1], "preference", "absent", "{method: spo}");
}

}  // namespace
}  // namespace prefctl
