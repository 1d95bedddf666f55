#include "core/replay_buffer.h"

#include <gtest/gtest.h>

#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

// `count` transitions whose every field holds first_value + row.
TransitionBatch Rows(int count, float first_value) {
  TransitionBatch batch;
  batch.observation_size = 2;
  batch.action_size = 1;
  batch.count = count;
  for (int i = 0; i < count; ++i) {
    const float v = first_value + i;
    batch.observations.insert(batch.observations.end(), {v, v});
    batch.actions.push_back(v);
    batch.rewards.push_back(v);
    batch.discounts.push_back(v);
    batch.next_observations.insert(batch.next_observations.end(), {v, v});
  }
  return batch;
}

TEST(ReplayBufferTest, RingOverwritesOldest) {
  ReplayBuffer replay(4, 2, 1, torch::kCPU);
  replay.Add(Rows(3, 0));
  replay.Add(Rows(3, 10));  // Wraps: storage now holds 11, 12, 2, 10.
  EXPECT_EQ(replay.size(), 4);
  torch::Generator generator = at::detail::createCPUGenerator(1);
  const ReplayBatch batch = replay.Sample(400, generator);
  const torch::Tensor seen = std::get<0>(torch::_unique(batch.rewards));
  EXPECT_TRUE(torch::equal(seen, torch::tensor({2.f, 10.f, 11.f, 12.f})))
      << seen;
  // Fields of one row stay together.
  EXPECT_TRUE(torch::equal(batch.actions.squeeze(1), batch.rewards));
  EXPECT_TRUE(torch::equal(batch.observations.select(1, 1), batch.rewards));
}

TEST(ReplayBufferTest, RewriteRewardsOfStoredRowsAcrossTheWrap) {
  ReplayBuffer replay(4, 2, 1, torch::kCPU);
  replay.Add(Rows(3, 0));
  replay.Add(Rows(3, 10));  // Rows 2 to 5 (2, 10, 11, 12) are stored.
  EXPECT_EQ(replay.rows_added(), 6);
  replay.RewriteRewards(3, {100, 101, 102});  // 10 at the end, 11, 12 wrapped
  torch::Generator generator = at::detail::createCPUGenerator(1);
  const ReplayBatch batch = replay.Sample(400, generator);
  const torch::Tensor seen = std::get<0>(torch::_unique(batch.rewards));
  EXPECT_TRUE(torch::equal(seen, torch::tensor({2.f, 100.f, 101.f, 102.f})))
      << seen;
  // Only the rewards changed: row 3 still holds action 10.
  EXPECT_TRUE(torch::equal(
      batch.rewards - batch.actions.squeeze(1),
      torch::where(batch.rewards > 99, torch::full_like(batch.rewards, 90),
                   torch::zeros_like(batch.rewards))));
  EXPECT_THROW(replay.RewriteRewards(1, {0, 0}), std::out_of_range);
  EXPECT_THROW(replay.RewriteRewards(5, {0, 0}), std::out_of_range);
}

TEST(ReplayBufferTest, SameGeneratorSeedSameSample) {
  ReplayBuffer replay(100, 2, 1, torch::kCPU);
  replay.Add(Rows(100, 0));
  torch::Generator a = at::detail::createCPUGenerator(7);
  torch::Generator b = at::detail::createCPUGenerator(7);
  EXPECT_TRUE(
      torch::equal(replay.Sample(32, a).rewards, replay.Sample(32, b).rewards));
}

TEST(ReplayBufferTest, SaveLoadRoundTrip) {
  TestDir dir;
  ReplayBuffer replay(10, 2, 1, torch::kCPU);
  replay.Add(Rows(7, 3));
  torch::serialize::OutputArchive out;
  replay.Save(out);
  out.save_to(dir.File("replay.pt"));

  ReplayBuffer restored(10, 2, 1, torch::kCPU);
  torch::serialize::InputArchive in;
  in.load_from(dir.File("replay.pt"));
  restored.Load(in);
  EXPECT_EQ(restored.size(), 7);
  EXPECT_EQ(restored.rows_added(), 7);
  torch::Generator a = at::detail::createCPUGenerator(3);
  torch::Generator b = at::detail::createCPUGenerator(3);
  EXPECT_TRUE(torch::equal(replay.Sample(16, a).next_observations,
                           restored.Sample(16, b).next_observations));
  // Writing continues at the same cursor.
  replay.Add(Rows(5, 100));
  restored.Add(Rows(5, 100));
  EXPECT_TRUE(torch::equal(replay.Sample(64, a).rewards,
                           restored.Sample(64, b).rewards));
}

}  // namespace
}  // namespace prefctl
