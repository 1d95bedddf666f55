#include "algorithms/external_source.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/algorithms/one_step_game.h"
#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

ExternalSourceConfig Config(const TestDir& dir, double timeout_s,
                            const std::string& on_timeout) {
  ExternalSourceConfig config;
  config.queries = dir.File("queries.jsonl");
  config.answers = dir.File("answers.jsonl");
  config.timeout_s = timeout_s;
  config.on_timeout = on_timeout;
  return config;
}

std::vector<nlohmann::json> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

// Answers may come as labels or probabilities and in any order; each query
// is one line with its id, the task and both trajectories.
TEST(ExternalSourceTest, AsksByFileAndReadsTheAnswers) {
  TestDir dir;
  std::ofstream(dir.File("answers.jsonl"))
      << "{\"id\": 1, \"label\": \"right\"}\n\n{\"id\": 0, \"preference\": "
         "0.8}\n";
  ExternalSource source(Config(dir, 5.0, "fail"), "ring");
  EXPECT_EQ(source.Prefer(OneStep(0.5f), OneStep(2.5f)), 0.8);
  EXPECT_EQ(source.Prefer(OneStep(1.5f), OneStep(4.5f)), 0.0);
  const std::vector<nlohmann::json> queries = Lines(dir.File("queries.jsonl"));
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(queries[1]["id"], 1);
  EXPECT_EQ(queries[1]["task"], "ring");
  EXPECT_EQ(queries[1]["left"]["actions"][0][0], 1.5);
  EXPECT_EQ(queries[1]["right"]["actions"][0][0], 4.5);
  EXPECT_EQ(source.timeouts(), 0);
}

TEST(ExternalSourceTest, TimeoutCountsATieOrStops) {
  TestDir dir;
  ExternalSource patient(Config(dir, 0.0, "tie"), "ring");
  EXPECT_EQ(patient.Prefer(OneStep(0.5f), OneStep(2.5f)), 0.5);
  EXPECT_EQ(patient.timeouts(), 1);
  ExternalSource strict(Config(dir, 0.0, "fail"), "ring");
  try {
    strict.Prefer(OneStep(0.5f), OneStep(2.5f));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no answer to preference query 0"),
              std::string::npos)
        << e.what();
  }
}

// A malformed answer stops with its file and line; the files keep every
// query and answer written so far.
TEST(ExternalSourceTest, MalformedAnswerNamesTheLineAndKeepsTheFiles) {
  TestDir dir;
  const std::string answers =
      "{\"id\": 0, \"label\": \"left\"}\n{\"id\": 1, \"label\": \"up\"}\n";
  std::ofstream(dir.File("answers.jsonl")) << answers;
  ExternalSource source(Config(dir, 5.0, "fail"), "ring");
  try {
    source.Prefer(OneStep(0.5f), OneStep(2.5f));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "answers.jsonl:2: malformed preference answer: preference "
                  "label 'up'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(ReadText(dir.File("answers.jsonl")), answers);
  EXPECT_EQ(Lines(dir.File("queries.jsonl")).size(), 1u);
}

// A resumed run goes on with the next id, never asking an old one again.
TEST(ExternalSourceTest, SavedStateContinuesTheIds) {
  TestDir dir;
  std::ofstream(dir.File("answers.jsonl"))
      << "{\"id\": 0, \"label\": \"tie\"}\n{\"id\": 1, \"label\": \"left\"}\n";
  ExternalSource first(Config(dir, 5.0, "fail"), "ring");
  first.Prefer(OneStep(0.5f), OneStep(2.5f));
  ExternalSource resumed(Config(dir, 5.0, "fail"), "ring");
  resumed.RestoreState(first.SavedState());
  EXPECT_EQ(resumed.Prefer(OneStep(0.5f), OneStep(2.5f)), 1.0);
  EXPECT_EQ(Lines(dir.File("queries.jsonl")).back()["id"], 1);
}

// Resumed from a checkpoint taken before query 1 was asked, a run asks
// query 1 again (the same pair, as resuming is bit-identical) and takes the
// answer already given, without waiting.
TEST(ExternalSourceTest, ResumedRunReusesAnswersGivenAfterItsCheckpoint) {
  TestDir dir;
  std::ofstream(dir.File("answers.jsonl"))
      << "{\"id\": 0, \"label\": \"tie\"}\n{\"id\": 1, \"label\": \"right\"}\n";
  ExternalSource first(Config(dir, 5.0, "fail"), "ring");
  first.Prefer(OneStep(0.5f), OneStep(2.5f));
  const std::vector<uint64_t> checkpoint = first.SavedState();
  EXPECT_EQ(first.Prefer(OneStep(1.5f), OneStep(4.5f)), 0.0);
  ExternalSource resumed(Config(dir, /*timeout_s=*/0.0, "fail"), "ring");
  resumed.RestoreState(checkpoint);
  EXPECT_EQ(resumed.Prefer(OneStep(1.5f), OneStep(4.5f)), 0.0);
  EXPECT_EQ(resumed.timeouts(), 0);
}

}  // namespace
}  // namespace prefctl
