#include "algorithms/episode_rewarder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "tests/algorithms/one_step_game.h"

namespace prefctl {
namespace {

// A three-step episode whose actions and rewards are `value`.
Trajectory Episode(float value) {
  Trajectory episode;
  episode.observation_size = 2;
  episode.action_size = 1;
  const float observation[2] = {value, -value};
  for (int t = 0; t < 3; ++t) episode.Append(observation, &value, value);
  episode.Finish(observation);
  return episode;
}

template <typename Save, typename Load>
void RoundTrip(const Save& save, const Load& load) {
  torch::serialize::OutputArchive out;
  save(out);
  std::stringstream stream;
  out.save_to(stream);
  torch::serialize::InputArchive in;
  in.load_from(stream);
  load(in);
}

TEST(EpisodeRewarderTest, TrajectoriesRoundTripFinishedOrNot) {
  Trajectory unfinished = Episode(0.5f);
  unfinished.observations.resize(unfinished.observations.size() - 2);
  const std::vector<Trajectory> written = {Episode(1.0f), unfinished,
                                           Trajectory()};
  std::vector<Trajectory> read;
  RoundTrip([&](auto& archive) { WriteTrajectories(archive, "t", written); },
            [&](auto& archive) { read = ReadTrajectories(archive, "t"); });
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].observation_size, written[i].observation_size);
    EXPECT_EQ(read[i].action_size, written[i].action_size);
    EXPECT_EQ(read[i].observations, written[i].observations);
    EXPECT_EQ(read[i].actions, written[i].actions);
    EXPECT_EQ(read[i].rewards, written[i].rewards);
  }
}

PreferenceConfig Config(const std::string& method) {
  PreferenceConfig config;
  config.method = method;
  config.self_play.queue_size = 4;
  config.reward_model.hidden = {8};
  config.reward_model.fit_steps = 10;
  config.refit_every = 4;
  // Beyond the round's consecutive pairs: random ones, some with the round
  // before, so a resume must restore both rounds and the pairing stream.
  config.queries_per_episode = 3;
  return config;
}

// Self-play gives each step the episode's win rate over its length.
TEST(EpisodeRewarderTest, SelfPlaySpreadsTheWinRate) {
  CriterionSource source(CriterionConfig(), 0.0);
  auto rewarder = MakeEpisodeRewarder(Config("spo"), &source, 2, 1, 0);
  EXPECT_EQ(rewarder->Rewards(Episode(1.0f)), std::vector<float>(3, 0.5f / 3));
  // Beats the one queued episode.
  EXPECT_EQ(rewarder->Rewards(Episode(2.0f)), std::vector<float>(3, 1.0f / 3));
  EXPECT_EQ(rewarder->queries(), 1);
}

// Rejudged, an episode meets the present queue, which it does not join, and
// ties with itself unasked. With relabelling the answers about pairs that
// met before are remembered; without, each rejudging asks them again.
TEST(EpisodeRewarderTest, SelfPlayRejudgesAgainstThePresentQueue) {
  for (const int relabel_every : {0, 4}) {
    CriterionSource source(CriterionConfig(), 0.0);
    PreferenceConfig config = Config("spo");
    config.relabel_every = relabel_every;
    auto rewarder = MakeEpisodeRewarder(config, &source, 2, 1, 0);
    rewarder->Rewards(Episode(1.0f));
    rewarder->Rewards(Episode(2.0f));
    // A tie with itself, a loss to the second.
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(rewarder->Rejudge(Episode(1.0f), 0),
                std::vector<float>(3, 0.25f / 3));
    }
    EXPECT_EQ(rewarder->queries(), relabel_every > 0 ? 1 : 1 + 2);
  }
}

// reward_scale multiplies the rewards of either method, and nothing else:
// the same episodes get the same rewards times the scale.
TEST(EpisodeRewarderTest, RewardScaleMultipliesEveryReward) {
  for (const std::string method : {"spo", "rm_rlhf"}) {
    CriterionSource source(CriterionConfig(), 0.0),
        scaled_source(CriterionConfig(), 0.0);
    PreferenceConfig scaled_config = Config(method);
    scaled_config.reward_scale = 1000.0;
    torch::manual_seed(0);
    auto rewarder = MakeEpisodeRewarder(Config(method), &source, 2, 1, 0);
    torch::manual_seed(0);
    auto scaled = MakeEpisodeRewarder(scaled_config, &scaled_source, 2, 1, 0);
    float largest = 0.0f;
    for (int i = 0; i < 6; ++i) {
      const std::vector<float> plain = rewarder->Rewards(Episode(0.2f * i));
      const std::vector<float> times = scaled->Rewards(Episode(0.2f * i));
      ASSERT_EQ(times.size(), plain.size());
      for (size_t t = 0; t < plain.size(); ++t) {
        EXPECT_NEAR(times[t], 1000.0f * plain[t], 1e-3f * std::fabs(times[t]))
            << method << " episode " << i;
        largest = std::max(largest, std::fabs(plain[t]));
      }
    }
    EXPECT_GT(largest, 0.0f) << method;  // not 0 == 1000 * 0
  }
}

// Saved halfway through a round and loaded into a fresh rewarder, both go on
// to give identical rewards: the model, the fresh and the last round's
// episodes, the pairing stream and the noisy source's stream are all
// restored.
TEST(EpisodeRewarderTest, RewardModelResumesExactly) {
  for (const std::string method : {"spo", "rm_rlhf"}) {
    auto make_source = [] {
      return std::make_unique<NoisySource>(
          std::make_unique<CriterionSource>(CriterionConfig(), 0.0), 0.3, 5);
    };
    auto source = make_source(), other_source = make_source();
    torch::manual_seed(0);
    auto rewarder = MakeEpisodeRewarder(Config(method), source.get(), 2, 1, 0);
    for (int i = 0; i < 10; ++i) rewarder->Rewards(Episode(0.1f * i));
    torch::manual_seed(1);  // a different initialization, overwritten by Load
    auto resumed =
        MakeEpisodeRewarder(Config(method), other_source.get(), 2, 1, 0);
    RoundTrip([&](auto& archive) { rewarder->Save(archive); },
              [&](auto& archive) { resumed->Load(archive); });
    EXPECT_EQ(resumed->queries(), rewarder->queries()) << method;
    for (int i = 0; i < 6; ++i) {
      const Trajectory episode = Episode(0.3f * i - 0.5f);
      EXPECT_EQ(resumed->Rewards(episode), rewarder->Rewards(episode))
          << method << " episode " << i;
    }
    EXPECT_EQ(resumed->queries(), rewarder->queries()) << method;
  }
}

}  // namespace
}  // namespace prefctl
