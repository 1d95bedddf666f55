#include "core/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "tests/core/test_dir.h"

namespace prefctl {
namespace {

struct InnerConfig {
  double beta = 1.0;
  std::string mode = "top";
};

struct OuterConfig {
  int steps = 10;
  bool verbose = false;
  std::vector<double> gains = {1.0};
  InnerConfig inner;
};

void ReadConfig(const ConfigNode& node, InnerConfig* config) {
  node.Read("beta", &config->beta, Range::AtLeast(0.0));
  node.ReadChoice("mode", &config->mode, {"top", "sign"});
  node.CheckNoUnknownKeys();
}

void ReadConfig(const ConfigNode& node, OuterConfig* config) {
  node.Read("steps", &config->steps, Range::Positive());
  node.Read("verbose", &config->verbose);
  node.Read("gains", &config->gains);
  ReadConfig(node.Child("inner"), &config->inner);
  node.CheckNoUnknownKeys();
}

OuterConfig Parse(const std::string& text,
                  const std::vector<std::string>& overrides = {}) {
  ConfigNode root = ConfigNode::LoadString(text, "exp.yaml");
  for (const std::string& o : overrides) root.ApplyOverride(o);
  OuterConfig config;
  ReadConfig(root, &config);
  return config;
}

std::string ErrorOf(const std::string& text,
                    const std::vector<std::string>& overrides = {}) {
  try {
    Parse(text, overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigTest, DefaultsKeptWhenKeysAbsent) {
  const OuterConfig config = Parse("");
  EXPECT_EQ(config.steps, 10);
  EXPECT_DOUBLE_EQ(config.inner.beta, 1.0);
  EXPECT_EQ(config.inner.mode, "top");
}

// With RecordDefaults the dump lists every value read, defaults included
// (absent sections too), numbers in their shortest form, and reads back as
// the same config.
TEST(ConfigTest, RecordedDefaultsAreDumpedAndReadBack) {
  ConfigNode root = ConfigNode::LoadString("steps: 5\n", "exp.yaml");
  root.ApplyOverride("inner.mode=sign");
  root.RecordDefaults();
  OuterConfig config;
  config.inner.beta = 0.1;
  ReadConfig(root, &config);
  const std::string dump = root.Dump();
  EXPECT_NE(dump.find("steps: 5"), std::string::npos) << dump;
  EXPECT_NE(dump.find("verbose: false"), std::string::npos) << dump;
  EXPECT_NE(dump.find("gains: [1]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("beta: 0.1\n"), std::string::npos) << dump;
  EXPECT_NE(dump.find("mode: sign"), std::string::npos) << dump;

  ConfigNode again = ConfigNode::LoadString(dump, "config.yaml");
  again.RecordDefaults();
  OuterConfig reread;  // other defaults: the dump must set every value
  reread.steps = 7;
  reread.verbose = true;
  reread.gains = {};
  ReadConfig(again, &reread);
  EXPECT_EQ(reread.steps, 5);
  EXPECT_FALSE(reread.verbose);
  EXPECT_EQ(reread.gains, std::vector<double>{1.0});
  EXPECT_DOUBLE_EQ(reread.inner.beta, 0.1);
  EXPECT_EQ(reread.inner.mode, "sign");
  EXPECT_EQ(again.Dump(), dump);

  // Without it the dump is the document as given.
  ConfigNode plain = ConfigNode::LoadString("steps: 5\n", "exp.yaml");
  ReadConfig(plain, &config);
  EXPECT_EQ(plain.Dump(), "steps: 5");
}

TEST(ConfigTest, NonFiniteDefaultsReadBack) {
  for (const double value : {-std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::infinity()}) {
    ConfigNode root = ConfigNode::LoadString("", "exp.yaml");
    root.RecordDefaults();
    double read = value;
    root.Read("floor", &read);
    ConfigNode again = ConfigNode::LoadString(root.Dump(), "config.yaml");
    double reread = 0.0;
    again.Read("floor", &reread);
    EXPECT_EQ(reread, value) << root.Dump();
  }
}

// File names are relative to the file that gives them (the working
// directory for an override) and are dumped absolute, so the dump names the
// same files wherever it is read from.
TEST(ConfigTest, PathsResolveAgainstTheirFileAndAreDumpedAbsolute) {
  namespace fs = std::filesystem;
  TestDir dir;
  const std::string path = dir.File("exp.yaml");
  std::ofstream(path) << "labels: data/a.jsonl\nfixed: /srv/b.jsonl\n"
                         "answers: ../c.jsonl\nempty: ''\n";
  ConfigNode root = ConfigNode::LoadFile(path);
  root.ApplyOverride("answers=d.jsonl");
  std::string labels, fixed, answers, empty;
  for (auto [key, value] : {std::pair{"labels", &labels},
                            {"fixed", &fixed},
                            {"answers", &answers},
                            {"empty", &empty}}) {
    root.Read(key, value);
    root.ResolvePath(key, value);
  }
  EXPECT_EQ(labels, (fs::path(dir.path()) / "data" / "a.jsonl").string());
  EXPECT_EQ(fixed, "/srv/b.jsonl");
  EXPECT_EQ(answers, (fs::current_path() / "d.jsonl").string());
  EXPECT_EQ(empty, "");  // nothing to resolve

  const ConfigNode dumped = ConfigNode::LoadString(root.Dump(), "config.yaml");
  for (auto [key, value] :
       {std::pair{"labels", labels}, {"fixed", fixed}, {"answers", answers}}) {
    std::string reread;
    dumped.Read(key, &reread);
    EXPECT_EQ(reread, value) << root.Dump();
  }
}

TEST(ConfigTest, ReadsValuesOfEveryType) {
  const OuterConfig config = Parse(
      "steps: 5\nverbose: true\ngains: [0.5, 2]\ninner:\n  beta: 3.5\n"
      "  mode: sign\n");
  EXPECT_EQ(config.steps, 5);
  EXPECT_TRUE(config.verbose);
  EXPECT_EQ(config.gains, (std::vector<double>{0.5, 2.0}));
  EXPECT_DOUBLE_EQ(config.inner.beta, 3.5);
  EXPECT_EQ(config.inner.mode, "sign");
}

TEST(ConfigTest, UnknownKeyNamesLinePathAndAllowedKeys) {
  const std::string error = ErrorOf("steps: 5\ninner:\n  betta: 2\n");
  EXPECT_NE(error.find("exp.yaml:3"), std::string::npos) << error;
  EXPECT_NE(error.find("inner.betta"), std::string::npos) << error;
  EXPECT_NE(error.find("'beta', 'mode'"), std::string::npos) << error;
}

TEST(ConfigTest, WrongTypeNamesExpectedType) {
  const std::string error = ErrorOf("steps: many\n");
  EXPECT_NE(error.find("exp.yaml:1: steps"), std::string::npos) << error;
  EXPECT_NE(error.find("an integer"), std::string::npos) << error;
}

TEST(ConfigTest, InfinityWrittenAsInfSaysHowYamlSpellsIt) {
  const std::string error = ErrorOf("inner:\n  beta: -inf\n");
  EXPECT_NE(error.find("exp.yaml:2: inner.beta must be a number, got '-inf' "
                       "(YAML writes infinity as .inf and -.inf)"),
            std::string::npos)
      << error;
  EXPECT_EQ(ErrorOf("steps: inf\n").find(".inf"), std::string::npos)
      << "integers have no infinity to suggest";
}

TEST(ConfigTest, OutOfRangeNamesRange) {
  const std::string error = ErrorOf("inner:\n  beta: -1\n");
  EXPECT_NE(error.find("exp.yaml:2: inner.beta"), std::string::npos) << error;
  EXPECT_NE(error.find(">= 0"), std::string::npos) << error;
}

TEST(ConfigTest, BadChoiceListsChoices) {
  const std::string error = ErrorOf("inner: {mode: best}\n");
  EXPECT_NE(error.find("'top', 'sign'"), std::string::npos) << error;
}

TEST(ConfigTest, MapExpectedWhereScalarGiven) {
  const std::string error = ErrorOf("inner: 3\n");
  EXPECT_NE(error.find("inner must be a map"), std::string::npos) << error;
}

TEST(ConfigTest, OverridesSetValuesWithTypes) {
  const OuterConfig config =
      Parse("steps: 5\n", {"steps=7", "inner.beta=0.25", "gains=[3, 4]"});
  EXPECT_EQ(config.steps, 7);
  EXPECT_DOUBLE_EQ(config.inner.beta, 0.25);
  EXPECT_EQ(config.gains, (std::vector<double>{3.0, 4.0}));
}

TEST(ConfigTest, OverridesAreValidatedAndNamed) {
  const std::string error = ErrorOf("", {"inner.beta=-2"});
  EXPECT_NE(error.find("command-line override 'inner.beta=-2'"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find(">= 0"), std::string::npos) << error;
  const std::string unknown = ErrorOf("", {"inner.gamma=1"});
  EXPECT_NE(unknown.find("inner.gamma is not a known key"), std::string::npos)
      << unknown;
  // An override of a key under an unknown map names the override, not the
  // file (where that map has no line).
  const std::string unknown_map = ErrorOf("steps: 5\n", {"innr.beta=1"});
  EXPECT_NE(unknown_map.find(
                "command-line override 'innr.beta=1': innr is not a known key"),
            std::string::npos)
      << unknown_map;
}

TEST(ConfigTest, MalformedOverrideAndYaml) {
  EXPECT_NE(ErrorOf("", {"steps"}).find("expected key.path=value"),
            std::string::npos);
  const std::string error = ErrorOf("steps: [1,\n");
  EXPECT_NE(error.find("exp.yaml:"), std::string::npos) << error;
  EXPECT_NE(error.find("invalid YAML"), std::string::npos) << error;
}

TEST(ConfigTest, MissingFileNamed) {
  try {
    ConfigNode::LoadFile("/nonexistent/x.yaml");
    FAIL() << "expected an error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.yaml"),
              std::string::npos);
  }
}

TEST(ConfigTest, RequiredKeyMissing) {
  ConfigNode root = ConfigNode::LoadString("a: 1\n", "t.yaml");
  double b = 0;
  try {
    root.ReadRequired("b", &b);
    FAIL() << "expected an error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("b is required"), std::string::npos)
        << e.what();
  }
}

TEST(RangeTest, DescribesAndContains) {
  EXPECT_EQ(Range::Closed(0, 1).Describe(), "in [0, 1]");
  EXPECT_EQ(Range::Positive().Describe(), "> 0");
  EXPECT_FALSE(Range::Positive().Contains(0.0));
  EXPECT_TRUE(Range::Closed(0, 1).Contains(1.0));
  EXPECT_FALSE(Range::Any().Contains(std::nan("")));
}

}  // namespace
}  // namespace prefctl
