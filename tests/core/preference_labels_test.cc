#include "core/preference_labels.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

PreferenceTrajectory Trajectory(const std::string& source, uint64_t seed,
                                float offset) {
  PreferenceTrajectory trajectory;
  trajectory.observations = {{0.1f + offset, -2.5f}, {0.2f, 1e-7f}, {0.3f, 4}};
  trajectory.actions = {{0.5f}, {-1.0f}};
  trajectory.rewards = {0.25, 0.125};
  trajectory.source = source;
  trajectory.seed = seed;
  return trajectory;
}

PreferenceLabel Label(const std::string& name) {
  PreferenceLabel label;
  label.task = "cartpole-swingup";
  label.label = name;
  label.preference = PreferenceOfLabel(name);
  label.left = Trajectory("runs/a/checkpoints/step_000000002000.pt", 7, 0.0f);
  label.right = Trajectory("random", 8, 1.0f);
  label.time = "2026-11-22T12:00:00Z";
  return label;
}

void ExpectSameTrajectory(const PreferenceTrajectory& a,
                          const PreferenceTrajectory& b) {
  EXPECT_EQ(a.observations, b.observations);
  EXPECT_EQ(a.actions, b.actions);
  EXPECT_EQ(a.rewards, b.rewards);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.seed, b.seed);
}

TEST(PreferenceLabelsTest, LineHasTheDocumentedKeysInOrder) {
  const std::string line = ToJsonLine(Label("left"));
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.rfind(R"({"version":1,"task":"cartpole-swingup",)"
                       R"("label":"left","preference":1.0,"left":{)",
                       0),
            0u)
      << line;
  EXPECT_NE(line.find(R"("left":{"observations":[[0.1,-2.5],)"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find(R"("rewards":[0.25,0.125],"source":"random","seed":8})"),
            std::string::npos)
      << line;
  const nlohmann::json object = nlohmann::json::parse(line);
  EXPECT_EQ(object["right"]["source"], "random");
  EXPECT_EQ(object["left"]["observations"].size(), 3u);
  EXPECT_EQ(object["left"]["actions"].size(), 2u);
  // Floats are written in their shortest form.
  EXPECT_NE(line.find("[0.1,-2.5]"), std::string::npos) << line;
  EXPECT_EQ(object["time"], "2026-11-22T12:00:00Z");
  EXPECT_EQ(object["annotator"], "viewer");
}

TEST(PreferenceLabelsTest, AppendThenReadRoundTrips) {
  TestDir dir;
  const std::string path = dir.File("labels.jsonl");
  AppendPreferenceLabel(path, Label("left"));
  AppendPreferenceLabel(path, Label("tie"));
  AppendPreferenceLabel(path, Label("right"));
  const std::vector<PreferenceLabel> labels = ReadPreferenceLabels(path);
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels[0].label, "left");
  EXPECT_EQ(labels[0].preference, 1.0);
  EXPECT_EQ(labels[1].preference, 0.5);
  EXPECT_EQ(labels[2].preference, 0.0);
  const PreferenceLabel expected = Label("left");
  ExpectSameTrajectory(labels[0].left, expected.left);
  ExpectSameTrajectory(labels[0].right, expected.right);
  EXPECT_EQ(labels[0].task, "cartpole-swingup");
}

TEST(PreferenceLabelsTest, AppendingKeepsEarlierLinesByteForByte) {
  TestDir dir;
  const std::string path = dir.File("labels.jsonl");
  const std::string earlier = "{\"written\":\"by someone else\"}\n";
  std::ofstream(path) << earlier;
  AppendPreferenceLabel(path, Label("right"));
  std::ifstream in(path);
  const std::string content((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
  EXPECT_EQ(content.substr(0, earlier.size()), earlier);
  EXPECT_EQ(content.substr(earlier.size()), ToJsonLine(Label("right")) + "\n");
}

TEST(PreferenceLabelsTest, MalformedLineNamesFileAndLineNumber) {
  TestDir dir;
  const std::string path = dir.File("labels.jsonl");
  AppendPreferenceLabel(path, Label("left"));
  {
    std::ofstream out(path, std::ios::app);
    out << "\n{\"version\":1,\"task\":\"x\"\n";  // line 3, cut short
  }
  try {
    ReadPreferenceLabels(path);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":3: malformed"),
              std::string::npos)
        << e.what();
  }
}

TEST(PreferenceLabelsTest, RejectsInconsistentContent) {
  auto error_of = [](nlohmann::json object) {
    try {
      ParsePreferenceLabel(object.dump());
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const nlohmann::json good = nlohmann::json::parse(ToJsonLine(Label("tie")));
  EXPECT_EQ(error_of(good), "no error");

  nlohmann::json wrong = good;
  wrong["preference"] = 1.0;
  EXPECT_NE(error_of(wrong).find("does not match label 'tie'"),
            std::string::npos);
  wrong = good;
  wrong["label"] = "both";
  EXPECT_NE(error_of(wrong).find("not one of left, right, tie"),
            std::string::npos);
  wrong = good;
  wrong["version"] = 2;
  EXPECT_NE(error_of(wrong).find("unsupported version 2"), std::string::npos);
  wrong = good;
  wrong["left"]["observations"].erase(2);
  EXPECT_NE(error_of(wrong).find("observations must have one more row"),
            std::string::npos);
  wrong = good;
  wrong["right"]["rewards"].push_back(1.0);
  EXPECT_NE(error_of(wrong).find("3 rewards for 2 actions"), std::string::npos);
  wrong = good;
  wrong.erase("annotator");
  EXPECT_NE(error_of(wrong).find("missing key 'annotator'"), std::string::npos);
}

TEST(PreferenceLabelsTest, TimestampIsUtcIso8601) {
  // 2026-11-22T12:00:00Z is 1795348800 seconds after the epoch.
  const auto time = std::chrono::system_clock::from_time_t(1795348800);
  EXPECT_EQ(UtcTimestamp(time), "2026-11-22T12:00:00Z");
}

TEST(PreferenceLabelsTest, AnswersAreLabelsOrProbabilities) {
  EXPECT_EQ(ParsePreferenceAnswer(R"({"id": 3, "label": "right"})").preference,
            0.0);
  const PreferenceAnswer answer =
      ParsePreferenceAnswer(R"({"id": 4, "preference": 0.25})");
  EXPECT_EQ(answer.id, 4);
  EXPECT_EQ(answer.preference, 0.25);
  for (const char* bad : {R"({"label": "left"})", R"({"id": 1})",
                          R"({"id": 1, "label": "left", "preference": 1})",
                          R"({"id": 1, "preference": 1.5})",
                          R"({"id": 1, "label": "up"})", "[1]", "{"}) {
    EXPECT_THROW(ParsePreferenceAnswer(bad), std::runtime_error) << bad;
  }
}

TEST(PreferenceLabelsTest, QueryLineHasIdTaskAndBothTrajectories) {
  PreferenceQuery query{7, "cartpole-swingup", Trajectory("random", 1, 0.0f),
                        Trajectory("random", 2, 1.0f)};
  const nlohmann::json line = nlohmann::json::parse(ToJsonLine(query));
  EXPECT_EQ(line["id"], 7);
  EXPECT_EQ(line["task"], "cartpole-swingup");
  EXPECT_EQ(line["right"]["seed"], 2);
  EXPECT_EQ(line["left"]["observations"][0][0], 0.1);
}

}  // namespace
}  // namespace prefctl
