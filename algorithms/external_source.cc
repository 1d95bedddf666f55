#include "algorithms/external_source.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/logging.h"
#include "core/preference_labels.h"

namespace prefctl {

void ReadConfig(const ConfigNode& node, ExternalSourceConfig* config) {
  node.ReadRequired("queries", &config->queries);
  node.ReadRequired("answers", &config->answers);
  node.ResolvePath("queries", &config->queries);
  node.ResolvePath("answers", &config->answers);
  node.Read("timeout_s", &config->timeout_s, Range::AtLeast(0.0));
  node.ReadChoice("on_timeout", &config->on_timeout, {"tie", "fail"});
}

ExternalSource::ExternalSource(const ExternalSourceConfig& config,
                               std::string task)
    : config_(config), task_(std::move(task)) {}

void ExternalSource::RestoreState(const std::vector<uint64_t>& state) {
  if (state.size() != 1) {
    throw std::invalid_argument("external source: expected one saved value");
  }
  next_id_ = state[0];
}

void ExternalSource::ReadNewAnswers() {
  std::ifstream in(config_.answers, std::ios::binary);
  if (!in) return;  // nobody has answered yet
  in.seekg(read_offset_);
  std::string line;
  // Only lines with their newline are complete; a line being written is
  // left for the next read.
  while (std::getline(in, line) && !in.eof()) {
    read_offset_ += static_cast<int64_t>(line.size()) + 1;
    ++lines_read_;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const PreferenceAnswer answer = ParsePreferenceAnswer(line);
      answers_[answer.id] = answer.preference;
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(config_.answers + ":" +
                               std::to_string(lines_read_) +
                               ": malformed preference answer: " + e.what());
    }
  }
}

double ExternalSource::Prefer(const Trajectory& a, const Trajectory& b) {
  const int64_t id = static_cast<int64_t>(next_id_++);
  PreferenceQuery query{id, task_, ToLabelTrajectory(a), ToLabelTrajectory(b)};
  AppendJsonLine(config_.queries, ToJsonLine(query), "a preference query");
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(config_.timeout_s);
  while (true) {
    ReadNewAnswers();
    const auto found = answers_.find(id);
    if (found != answers_.end()) {
      const double preference = found->second;
      answers_.erase(found);
      return preference;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    // A person answers in seconds; checking ten times a second costs nothing.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ++timeouts_;
  if (config_.on_timeout == "fail") {
    throw std::runtime_error("no answer to preference query " +
                             std::to_string(id) + " in " + config_.answers +
                             " after " + std::to_string(config_.timeout_s) +
                             " s (on_timeout: fail)");
  }
  Log().warn(
      "no answer to preference query {} in {} after {} s: counted as a "
      "tie",
      id, config_.answers, config_.timeout_s);
  return 0.5;
}

}  // namespace prefctl
