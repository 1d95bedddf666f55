#include "algorithms/episode_replay.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/core/archive_copy.h"

namespace prefctl {
namespace {

// A judge that changes with every episode it rewards: each step of an
// episode gets the number of episodes rewarded so far.
class ChangingRewarder : public EpisodeRewarder {
 public:
  std::vector<float> Rewards(const Trajectory& episode) override {
    ++rewarded_;
    return Judge(episode);
  }
  std::vector<float> Rejudge(const Trajectory& episode,
                             int64_t number) override {
    rejudged_.push_back(number);
    return Judge(episode);
  }
  void ForgetBefore(int64_t number) override { forget_before_ = number; }
  // The numbers of the episodes rejudged, in order.
  const std::vector<int64_t>& rejudged() const { return rejudged_; }
  int64_t forget_before() const { return forget_before_; }
  int64_t queries() const override { return 0; }
  void Save(torch::serialize::OutputArchive& archive) const override {
    archive.write("rewarded", torch::tensor(rewarded_));
  }
  void Load(torch::serialize::InputArchive& archive) override {
    torch::Tensor rewarded;
    archive.read("rewarded", rewarded);
    rewarded_ = rewarded.item<int64_t>();
  }

 private:
  std::vector<float> Judge(const Trajectory& episode) const {
    return std::vector<float>(episode.steps(), static_cast<float>(rewarded_));
  }
  int64_t rewarded_ = 0;
  std::vector<int64_t> rejudged_;
  int64_t forget_before_ = -1;
};

Trajectory ThreeSteps() {
  Trajectory episode;
  episode.observation_size = 1;
  episode.action_size = 1;
  const float zero = 0.0f;
  for (int t = 0; t < 3; ++t) episode.Append(&zero, &zero, 0.0f);
  episode.Finish(&zero);
  return episode;
}

// The distinct rewards the replay holds.
torch::Tensor StoredRewards(const ReplayBuffer& replay) {
  torch::Generator generator = at::detail::createCPUGenerator(0);
  return std::get<0>(torch::_unique(replay.Sample(500, generator).rewards));
}

TEST(EpisodeReplayTest, RelabelsStoredEpisodesWithThePresentJudge) {
  ReplayBuffer replay(100, 1, 1, torch::kCPU);
  ChangingRewarder rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, /*n_step=*/1, 0.99,
                         /*relabel_every=*/2);
  EXPECT_EQ(episodes.Add(ThreeSteps(), false), std::vector<float>(3, 1.0f));
  EXPECT_TRUE(torch::equal(StoredRewards(replay), torch::tensor({1.f})));
  episodes.Add(ThreeSteps(), false);  // both now judged by the second judge
  EXPECT_TRUE(torch::equal(StoredRewards(replay), torch::tensor({2.f})));
  episodes.Add(ThreeSteps(), false);
  EXPECT_TRUE(torch::equal(StoredRewards(replay), torch::tensor({2.f, 3.f})));
  episodes.Add(ThreeSteps(), false);
  EXPECT_TRUE(torch::equal(StoredRewards(replay), torch::tensor({4.f})));
  EXPECT_EQ(episodes.relabellings(), 2);
}

// The episode that makes a relabelling due was judged just before it and is
// not asked about again: relabelling after each of 3 episodes rejudges
// none, then episode 0, then episodes 0 and 1 (the rewarder's numbers).
TEST(EpisodeReplayTest, DoesNotRejudgeTheEpisodeJustJudged) {
  ReplayBuffer replay(100, 1, 1, torch::kCPU);
  ChangingRewarder rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, 1, 0.99, 1);
  for (int i = 0; i < 3; ++i) episodes.Add(ThreeSteps(), false);
  EXPECT_EQ(rewarder.rejudged(), (std::vector<int64_t>{0, 0, 1}));
  EXPECT_EQ(episodes.relabellings(), 3);
}

// The rewarder may forget what it keeps for episodes that will not be
// rejudged: those the ring overwrote, or all of them without relabelling.
TEST(EpisodeReplayTest, LetsTheRewarderForgetEpisodesNoLongerStored) {
  ReplayBuffer replay(5, 1, 1, torch::kCPU);
  ChangingRewarder rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, 1, 0.99, 1);
  episodes.Add(ThreeSteps(), false);
  EXPECT_EQ(rewarder.forget_before(), 0);
  episodes.Add(ThreeSteps(), false);  // overwrites episode 0's first row
  EXPECT_EQ(rewarder.forget_before(), 1);

  ReplayBuffer unlabelled_replay(100, 1, 1, torch::kCPU);
  ChangingRewarder unlabelled_rewarder;
  EpisodeReplay never(&unlabelled_replay, &unlabelled_rewarder, 1, 1, 1, 0.99,
                      0);
  never.Add(ThreeSteps(), false);
  never.Add(ThreeSteps(), false);
  EXPECT_EQ(unlabelled_rewarder.forget_before(), 2);
}

TEST(EpisodeReplayTest, NeverRelabelsWithRelabelEveryZero) {
  ReplayBuffer replay(100, 1, 1, torch::kCPU);
  ChangingRewarder rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, 1, 0.99, 0);
  for (int i = 0; i < 3; ++i) episodes.Add(ThreeSteps(), false);
  EXPECT_TRUE(
      torch::equal(StoredRewards(replay), torch::tensor({1.f, 2.f, 3.f})));
  EXPECT_EQ(episodes.relabellings(), 0);
}

// Relabelled transitions hold n-step sums, as when first added: with n = 2
// and discount 1/2, r + r/2 for the first two steps and r for the last.
TEST(EpisodeReplayTest, RelabelledRewardsAreNStepSums) {
  ReplayBuffer replay(100, 1, 1, torch::kCPU);
  ChangingRewarder rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, /*n_step=*/2, 0.5, 1);
  episodes.Add(ThreeSteps(), false);
  EXPECT_TRUE(torch::equal(StoredRewards(replay), torch::tensor({1.f, 1.5f})));
  episodes.Add(ThreeSteps(), true);
  EXPECT_TRUE(torch::equal(StoredRewards(replay), torch::tensor({2.f, 3.f})));
}

// An episode the ring has partly overwritten is no longer relabelled; its
// remaining rows keep their last rewards.
TEST(EpisodeReplayTest, DropsEpisodesTheRingOverwrote) {
  ReplayBuffer replay(5, 1, 1, torch::kCPU);
  ChangingRewarder rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, 1, 0.99, 1);
  episodes.Add(ThreeSteps(), false);
  episodes.Add(ThreeSteps(), false);  // overwrites the first one's first row
  EXPECT_TRUE(torch::equal(StoredRewards(replay), torch::tensor({1.f, 2.f})));

  // Episodes longer than the replay are never kept.
  ReplayBuffer small(2, 1, 1, torch::kCPU);
  EpisodeReplay too_long(&small, &rewarder, 1, 1, 1, 0.99, 1);
  too_long.Add(ThreeSteps(), false);
  EXPECT_EQ(too_long.relabellings(), 1);
}

TEST(EpisodeReplayTest, ResumesExactly) {
  ReplayBuffer replay(7, 1, 1, torch::kCPU),
      restored_replay(7, 1, 1, torch::kCPU);
  ChangingRewarder rewarder, restored_rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, 2, 0.5, 3);
  EpisodeReplay restored(&restored_replay, &restored_rewarder, 1, 1, 2, 0.5, 3);
  for (int i = 0; i < 4; ++i) episodes.Add(ThreeSteps(), i % 2 == 0);
  torch::serialize::OutputArchive out;
  replay.Save(out);
  rewarder.Save(out);
  torch::serialize::OutputArchive kept;
  episodes.Save(kept);
  out.write("episodes", kept);
  std::stringstream stream;
  out.save_to(stream);
  torch::serialize::InputArchive in, kept_in;
  in.load_from(stream);
  restored_replay.Load(in);
  restored_rewarder.Load(in);
  in.read("episodes", kept_in);
  restored.Load(kept_in);
  const size_t rejudged_before = rewarder.rejudged().size();
  for (int i = 0; i < 3; ++i) {
    episodes.Add(ThreeSteps(), false);
    restored.Add(ThreeSteps(), false);
    EXPECT_TRUE(
        torch::equal(StoredRewards(replay), StoredRewards(restored_replay)))
        << "episode " << i;
  }
  EXPECT_EQ(restored.relabellings(), episodes.relabellings());
  // The same episodes, by the same numbers.
  EXPECT_EQ(restored_rewarder.rejudged(),
            std::vector<int64_t>(rewarder.rejudged().begin() + rejudged_before,
                                 rewarder.rejudged().end()));
}

// Checkpoints from before episodes were numbered: the stored episodes are
// numbered back from -1, as spo's queue is then, and new ones from 0.
TEST(EpisodeReplayTest,
     NumbersStoredEpisodesOfOlderCheckpointsBackFromMinusOne) {
  ReplayBuffer replay(100, 1, 1, torch::kCPU);
  ChangingRewarder rewarder;
  EpisodeReplay episodes(&replay, &rewarder, 1, 1, 1, 0.99, 3);
  for (int i = 0; i < 2; ++i) episodes.Add(ThreeSteps(), false);
  torch::serialize::OutputArchive kept;
  episodes.Save(kept);
  std::stringstream stream;
  kept.save_to(stream);
  torch::serialize::InputArchive current;
  current.load_from(stream);
  torch::serialize::OutputArchive older;
  CopyArchiveWithout(current, older, {"stored_numbers", "added"});
  std::stringstream older_stream;
  older.save_to(older_stream);
  torch::serialize::InputArchive older_in;
  older_in.load_from(older_stream);
  ChangingRewarder restored_rewarder;
  EpisodeReplay restored(&replay, &restored_rewarder, 1, 1, 1, 0.99, 3);
  restored.Load(older_in);
  restored.Add(ThreeSteps(), false);  // number 0, due: rejudges the other two
  EXPECT_EQ(restored_rewarder.rejudged(), (std::vector<int64_t>{-2, -1}));
}

}  // namespace
}  // namespace prefctl
