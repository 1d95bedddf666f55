#include "core/preference_labels.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace prefctl {
namespace {

using nlohmann::json;

// The double whose shortest decimal form is the float's shortest form, so a
// float observation is written as 0.1 rather than 0.10000000149011612 and
// reads back as the same float.
double ShortestDouble(float value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof(text) - 1, value);
  *result.ptr = '\0';
  return std::strtod(text, nullptr);
}

// nlohmann's ordered_json keeps the documented key order in the file.
using OrderedJson = nlohmann::ordered_json;

OrderedJson MatrixToJson(const std::vector<std::vector<float>>& rows) {
  OrderedJson out = OrderedJson::array();
  for (const std::vector<float>& row : rows) {
    OrderedJson values = OrderedJson::array();
    for (float value : row) values.push_back(ShortestDouble(value));
    out.push_back(std::move(values));
  }
  return out;
}

OrderedJson TrajectoryToJson(const PreferenceTrajectory& trajectory) {
  OrderedJson out;
  out["observations"] = MatrixToJson(trajectory.observations);
  out["actions"] = MatrixToJson(trajectory.actions);
  out["rewards"] = trajectory.rewards;
  out["source"] = trajectory.source;
  out["seed"] = trajectory.seed;
  return out;
}

// One line of a JSONL file as a JSON object.
json ParseObject(const std::string& line) {
  json object;
  try {
    object = json::parse(line);
  } catch (const json::parse_error& e) {
    throw std::runtime_error(std::string("not valid JSON: ") + e.what());
  }
  if (!object.is_object()) throw std::runtime_error("not a JSON object");
  return object;
}

// Views, not string references: a reference bound to a temporary key string
// makes g++ 13 warn that the returned reference may dangle.
const json& Field(const json& object, std::string_view key,
                  std::string_view where) {
  const auto found = object.find(key);
  if (found == object.end()) {
    throw std::runtime_error(std::string(where) + ": missing key '" +
                             std::string(key) + "'");
  }
  return *found;
}

// Rows of numbers, all of one width; returns the width (-1 when empty).
int ReadMatrix(const json& value, const std::string& where,
               std::vector<std::vector<float>>* rows) {
  if (!value.is_array()) throw std::runtime_error(where + ": not an array");
  int width = -1;
  for (const json& row : value) {
    if (!row.is_array()) {
      throw std::runtime_error(where + ": a row is not an array");
    }
    if (width >= 0 && static_cast<int>(row.size()) != width) {
      throw std::runtime_error(where + ": rows of different lengths");
    }
    width = static_cast<int>(row.size());
    std::vector<float> values;
    for (const json& number : row) {
      if (!number.is_number()) {
        throw std::runtime_error(where + ": a value is not a number");
      }
      values.push_back(number.get<float>());
    }
    rows->push_back(std::move(values));
  }
  return width;
}

PreferenceTrajectory ReadTrajectory(const json& object,
                                    const std::string& where) {
  if (!object.is_object()) throw std::runtime_error(where + ": not an object");
  PreferenceTrajectory trajectory;
  ReadMatrix(Field(object, "observations", where), where + ".observations",
             &trajectory.observations);
  ReadMatrix(Field(object, "actions", where), where + ".actions",
             &trajectory.actions);
  const json& rewards = Field(object, "rewards", where);
  if (!rewards.is_array()) {
    throw std::runtime_error(where + ".rewards: not an array");
  }
  for (const json& reward : rewards) {
    if (!reward.is_number()) {
      throw std::runtime_error(where + ".rewards: a value is not a number");
    }
    trajectory.rewards.push_back(reward.get<double>());
  }
  const json& source = Field(object, "source", where);
  const json& seed = Field(object, "seed", where);
  if (!source.is_string()) {
    throw std::runtime_error(where + ".source: not a string");
  }
  if (!seed.is_number_unsigned()) {
    throw std::runtime_error(where + ".seed: not a non-negative integer");
  }
  trajectory.source = source.get<std::string>();
  trajectory.seed = seed.get<uint64_t>();
  const size_t steps = trajectory.actions.size();
  if (trajectory.observations.size() != steps + 1) {
    throw std::runtime_error(
        where + ": " + std::to_string(trajectory.observations.size()) +
        " observations for " + std::to_string(steps) +
        " actions (observations must have one more row, the final one)");
  }
  if (trajectory.rewards.size() != steps) {
    throw std::runtime_error(
        where + ": " + std::to_string(trajectory.rewards.size()) +
        " rewards for " + std::to_string(steps) + " actions");
  }
  return trajectory;
}

}  // namespace

double PreferenceOfLabel(const std::string& label) {
  if (label == "left") return 1.0;
  if (label == "right") return 0.0;
  if (label == "tie") return 0.5;
  throw std::invalid_argument("preference label '" + label +
                              "' is not one of left, right, tie");
}

std::string UtcTimestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string ToJsonLine(const PreferenceLabel& label) {
  OrderedJson out;
  out["version"] = label.version;
  out["task"] = label.task;
  out["label"] = label.label;
  out["preference"] = label.preference;
  out["left"] = TrajectoryToJson(label.left);
  out["right"] = TrajectoryToJson(label.right);
  out["time"] = label.time;
  out["annotator"] = label.annotator;
  return out.dump();
}

PreferenceLabel ParsePreferenceLabel(const std::string& line) {
  const json object = ParseObject(line);
  const std::string where = "label";
  PreferenceLabel label;
  const json& version = Field(object, "version", where);
  if (!version.is_number_integer() || version.get<int>() != 1) {
    throw std::runtime_error("unsupported version " + version.dump() +
                             " (this reader knows version 1)");
  }
  const json& task = Field(object, "task", where);
  const json& name = Field(object, "label", where);
  const json& preference = Field(object, "preference", where);
  const json& time = Field(object, "time", where);
  const json& annotator = Field(object, "annotator", where);
  if (!task.is_string() || !name.is_string() || !time.is_string() ||
      !annotator.is_string()) {
    throw std::runtime_error("task, label, time and annotator must be strings");
  }
  label.task = task.get<std::string>();
  label.label = name.get<std::string>();
  label.time = time.get<std::string>();
  label.annotator = annotator.get<std::string>();
  if (!preference.is_number()) {
    throw std::runtime_error("preference is not a number");
  }
  label.preference = preference.get<double>();
  double expected = 0.0;
  try {
    expected = PreferenceOfLabel(label.label);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  if (label.preference != expected) {
    throw std::runtime_error("preference " + preference.dump() +
                             " does not match label '" + label.label +
                             "' (expected " + json(expected).dump() + ")");
  }
  label.left = ReadTrajectory(Field(object, "left", where), "left");
  label.right = ReadTrajectory(Field(object, "right", where), "right");
  return label;
}

void AppendJsonLine(const std::string& path, const std::string& line,
                    const std::string& what) {
  const std::string text = line + "\n";
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::runtime_error(
        path + ": cannot open for appending: " + std::strerror(errno));
  }
  // O_APPEND places each write at the current end; one write per line keeps
  // a line whole unless the disk fills, and then only this line is cut.
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      throw std::runtime_error(path + ": cannot append " + what + ": " +
                               reason);
    }
    written += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    throw std::runtime_error(
        path + ": cannot close after appending: " + std::strerror(errno));
  }
}

void AppendPreferenceLabel(const std::string& path,
                           const PreferenceLabel& label) {
  AppendJsonLine(path, ToJsonLine(label), "a label");
}

std::string ToJsonLine(const PreferenceQuery& query) {
  OrderedJson out;
  out["version"] = 1;
  out["id"] = query.id;
  out["task"] = query.task;
  out["left"] = TrajectoryToJson(query.left);
  out["right"] = TrajectoryToJson(query.right);
  return out.dump();
}

PreferenceAnswer ParsePreferenceAnswer(const std::string& line) {
  const json object = ParseObject(line);
  const json& id = Field(object, "id", "answer");
  if (!id.is_number_integer()) throw std::runtime_error("id is not an integer");
  PreferenceAnswer answer;
  answer.id = id.get<int64_t>();
  const bool has_label = object.contains("label");
  if (has_label == object.contains("preference")) {
    throw std::runtime_error("needs exactly one of 'label' and 'preference'");
  }
  if (has_label) {
    const json& label = object["label"];
    if (!label.is_string()) throw std::runtime_error("label is not a string");
    try {
      answer.preference = PreferenceOfLabel(label.get<std::string>());
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
  } else {
    const json& preference = object["preference"];
    if (!preference.is_number() || preference.get<double>() < 0.0 ||
        preference.get<double>() > 1.0) {
      throw std::runtime_error("preference " + preference.dump() +
                               " is not a number in [0, 1]");
    }
    answer.preference = preference.get<double>();
  }
  return answer;
}

std::vector<PreferenceLabel> ReadPreferenceLabels(
    const std::string& path, std::vector<int>* line_numbers) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open preference labels");
  std::vector<PreferenceLabel> labels;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      labels.push_back(ParsePreferenceLabel(line));
      if (line_numbers) line_numbers->push_back(number);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": malformed preference label: " + e.what());
    }
  }
  return labels;
}

}  // namespace prefctl
