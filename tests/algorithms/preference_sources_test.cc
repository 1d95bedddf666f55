#include "algorithms/preference_sources.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/algorithms/one_step_game.h"

namespace prefctl {
namespace {

std::unique_ptr<PreferenceSource> Make(const std::string& yaml) {
  return MakePreferenceSource(ConfigNode::LoadString(yaml, "exp.yaml"),
                              {"game", 1, 1}, /*seed=*/3);
}

std::string ErrorOf(const std::string& yaml) {
  try {
    Make(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(PreferenceSourcesTest, ReturnHardAndBradleyTerry) {
  const Trajectory high = OneStep(0.0f, 5.0f), low = OneStep(0.0f, 3.0f);
  auto hard = Make("source: return\n");
  EXPECT_EQ(hard->Prefer(high, low), 1.0);
  EXPECT_EQ(hard->Prefer(low, high), 0.0);
  EXPECT_EQ(hard->Prefer(low, low), 0.5);
  auto soft = Make("source: return\ntemperature: 4\n");
  EXPECT_NEAR(soft->Prefer(high, low), 1.0 / (1.0 + std::exp(-0.5)), 1e-12);
  EXPECT_NEAR(soft->Prefer(high, low) + soft->Prefer(low, high), 1.0, 1e-12);
}

// Three criteria ranking three trajectories as (1,2,3), (2,3,1), (3,1,2):
// the majority prefers y to x, z to y and x to z.
TEST(PreferenceSourcesTest, MajorityOfThreeCriteriaCycles) {
  auto source = Make(
      "source: intransitive\n"
      "criteria:\n"
      "  - {kind: return}\n"
      "  - {kind: observation_mean, observation: 0}\n"
      "  - {kind: action_energy, weight: -1}\n");
  auto make = [](float reward, float observation, float action) {
    Trajectory trajectory = OneStep(action, reward);
    trajectory.observations[0] = observation;
    return trajectory;
  };
  // Scores: return = reward, observation_mean = o, -action_energy = a^2
  // (actions inside [-1, 1], which OneStep clips to).
  const Trajectory x = make(1, 2, 0.9f);
  const Trajectory y = make(2, 3, 0.1f);
  const Trajectory z = make(3, 1, 0.5f);
  EXPECT_EQ(source->Prefer(y, x), 1.0);
  EXPECT_EQ(source->Prefer(z, y), 1.0);
  EXPECT_EQ(source->Prefer(x, z), 1.0);
  EXPECT_EQ(source->Prefer(x, y), 0.0);
}

// Noise flips answers symmetrically: over many queries the mean answer is
// flip_rate + (1 - 2 flip_rate) P, so (mean - flip_rate) / (1 - 2
// flip_rate) estimates P without bias. Checked at 5 standard errors.
TEST(PreferenceSourcesTest, NoisyFlipsAreUnbiased) {
  auto source = Make("source: return\nflip_rate: 0.2\n");
  const Trajectory player = OneStep(0.0f, 1.0f);
  const Trajectory worse = OneStep(0.0f, 0.0f), better = OneStep(0.0f, 2.0f);
  const int queries = 20000;
  double sum = 0.0;
  for (int i = 0; i < queries; ++i) {
    // True win rate 3/4: three of every four opponents are worse.
    sum += source->Prefer(player, i % 4 == 0 ? better : worse);
  }
  const double mean = sum / queries;
  const double standard_error = std::sqrt(mean * (1 - mean) / queries);
  EXPECT_NEAR(mean, 0.2 + 0.6 * 0.75, 5 * standard_error);
  EXPECT_NEAR((mean - 0.2) / 0.6, 0.75, 5 * standard_error / 0.6);
  // The flips are not a constant bias: the answers vary.
  EXPECT_GT(standard_error, 0.0);
}

TEST(PreferenceSourcesTest, NonMarkovianNeedsItsCriterion) {
  EXPECT_NE(ErrorOf("source: non_markovian\n").find("criterion is required"),
            std::string::npos);
  EXPECT_EQ(ErrorOf("source: non_markovian\ncriterion: {kind: "
                    "longest_stretch, observation: 0, threshold: 0.5}\n"),
            "");
}

TEST(PreferenceSourcesTest, BadSectionsAreClearErrors) {
  EXPECT_NE(ErrorOf("source: oracle\n")
                .find("'return', 'non_markovian', 'intransitive'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("flip_rate: 0.5\n").find("flip_rate must be"),
            std::string::npos);
  EXPECT_NE(ErrorOf("source: intransitive\ncriteria: [{kind: return}]\n")
                .find("three criteria (got 1)"),
            std::string::npos);
}

}  // namespace
}  // namespace prefctl
