#include "viewer/app.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <memory>
#include <numeric>
#include <optional>
#include <thread>

#include "core/logging.h"
#include "envs/task_registry.h"
#include "viewer/labeling.h"
#include "viewer/optimizer_inspector.h"
#include "viewer/policy_source.h"
#include "viewer/q_charts.h"
#include "viewer/recorder.h"
#include "viewer/run_monitor.h"
#include "viewer/scene_view.h"
#include "viewer/window.h"

namespace prefctl {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kSpeeds[] = {1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2,
                              1.0,      2.0,     4.0,     8.0};
constexpr const char* kSpeedNames[] = {"1/16x", "1/8x", "1/4x", "1/2x",
                                       "1x",    "2x",   "4x",   "8x"};
constexpr int kRealTime = 4;
constexpr int kNumSpeeds = 8;
// A frame never runs more task steps than this, so a slow machine drops
// simulated time instead of falling ever further behind.
constexpr int kMaxStepsPerFrame = 100;
// Recordings aim at about this many frames per second of simulated time.
constexpr double kRecordFps = 50.0;
// ImGui sizes auto-fitting panels over its first frames; a headless
// screenshot with panels renders this many before reading pixels.
constexpr int kUiSettleFrames = 3;
// At most 30 frames per second: software rendering (Mesa's llvmpipe under
// Xvfb) of a 1280x800 frame costs a good part of a core.
constexpr auto kFramePeriod = std::chrono::microseconds(33333);

const ImVec4 kErrorText(1.0f, 0.45f, 0.4f, 1.0f);
// Panels fit their content as it changes (a load error, a label pair);
// charts have fixed widths so that fitting does not feed back.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_AlwaysAutoResize;
constexpr float kBarWidth = 220.0f;

std::string LocalTimeStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof(text), "%Y%m%d_%H%M%S", &local);
  return text;
}

// A bar growing from the centre for a value in [-1, 1], then its value.
void CenteredBar(const char* label, float value) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = kBarWidth;
  const float height = ImGui::GetTextLineHeight();
  const float middle = origin.x + width / 2;
  const float end = middle + std::clamp(value, -1.0f, 1.0f) * width / 2;
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height),
                      IM_COL32(50, 50, 60, 255));
  draw->AddRectFilled(ImVec2(std::min(middle, end), origin.y),
                      ImVec2(std::max(middle, end), origin.y + height),
                      IM_COL32(90, 150, 230, 255));
  draw->AddLine(ImVec2(middle, origin.y), ImVec2(middle, origin.y + height),
                IM_COL32(230, 230, 230, 255));
  ImGui::Dummy(ImVec2(width, height));
  ImGui::SameLine();
  ImGui::Text("%s %+.3f", label, value);
}

class Viewer {
 public:
  explicit Viewer(const ViewerSetup& setup);
  void Run();

 private:
  // Simulation.
  void ResetEpisode();
  void ChooseAction();
  void StepSimulation();
  void AdvanceRealTime(double wall_seconds);
  // Run directory and checkpoints.
  void PollRun(Clock::time_point now);
  void LoadCheckpoint(const CheckpointEntry& entry);
  // Interaction and drawing.
  void HandleInput();
  void DrawPanels();
  void DrawSimulationPanel();
  void DrawPolicyPanel();
  void DrawCurvesPanel();
  void DrawOptimizerPanel();
  void DrawLabelPanel();
  void DrawLabelOverlay();
  void RenderScene();
  // Output.
  void StartRecording(const std::string& path);
  void StopRecording();
  void RecordFrame();
  void TakeScreenshot(const std::string& path);
  // Labelling.
  std::vector<std::string> LabelSourceNames() const;
  RecordedRollout RecordLabelRollout(int source, uint64_t seed);
  void StartLabelPair();
  void AnswerLabel(const std::string& label);
  void OpenWindow(const WindowOptions& options);
  void RunHeadless();
  void RunInteractive();

  ViewerSetup setup_;
  std::unique_ptr<Task> task_;        // The simulation on screen.
  std::unique_ptr<Task> label_task_;  // Records and replays label rollouts.
  std::unique_ptr<PolicySource> source_;
  std::optional<RunMonitor> monitor_;
  std::unique_ptr<Window> window_;
  std::unique_ptr<SceneView> scene_;
  std::unique_ptr<FrameRecorder> recorder_;
  LabelingSession labeling_;

  Rng episode_rng_;
  std::vector<float> observation_, action_;
  std::vector<float> episode_rewards_;
  double last_reward_ = 0.0, episode_return_ = 0.0;
  double last_episode_return_ = std::nan("");
  int episodes_ = 0;

  bool paused_ = false;
  int speed_ = kRealTime;
  double time_credit_ = 0.0;  // Simulated seconds owed to real time.
  bool deterministic_;
  bool follow_latest_;
  std::optional<CheckpointEntry> loading_entry_;
  int64_t last_request_poll_ = -1;
  std::string load_error_;

  bool inspector_open_ = true;
  bool inspection_stale_ = true;
  int inspect_samples_;
  int scatter_dimension_ = 0;
  std::optional<OptimizerInspection> inspection_;

  int curve_column_ = -1;
  int record_every_ = 1;
  int record_countdown_ = 0;
  bool screenshot_requested_ = false;
  std::string status_;

  int label_steps_ = 300;
  int left_source_ = 0, right_source_ = 0;
  bool same_start_ = true;
  uint64_t label_seed_;
  std::string label_error_;
};

Viewer::Viewer(const ViewerSetup& setup)
    : setup_(setup),
      task_(MakeTask(setup.task)),
      label_task_(MakeTask(setup.task)),
      labeling_(setup.task, setup.labels_path),
      episode_rng_(Rng::Stream(setup.seed, 0)),
      deterministic_(setup.deterministic),
      follow_latest_(setup.follow_latest),
      inspect_samples_(setup.num_samples),
      label_seed_(setup.seed + 1) {
  source_ = std::make_unique<PolicySource>(
      setup.policy, setup.critic, task_->observation_size(),
      task_->action_size(), setup.fallback_policy, setup.seed);
  if (!setup.checkpoint.empty()) source_->LoadNow(setup.checkpoint);
  task_->set_action_repeat(setup.action_repeat);
  label_task_->set_action_repeat(setup.action_repeat);
  if (!setup.run_dir.empty()) {
    monitor_.emplace(setup.run_dir);
    monitor_->Poll();
    if (auto entry = monitor_->Find(setup.checkpoint)) {
      monitor_->MarkLoaded(*entry);
    }
    last_request_poll_ = monitor_->polls();
  }
  // Label rollouts compare the current policy (sampled) with random actions
  // unless the person picks other sources.
  right_source_ = 2;
  label_steps_ = std::min(label_steps_,
                          (task_->episode_length() + setup.action_repeat - 1) /
                              setup.action_repeat);
  record_every_ = std::max(
      1, static_cast<int>(
             std::lround(1.0 / (task_->action_period() * kRecordFps))));
  observation_.resize(task_->observation_size());
  action_.resize(task_->action_size());
  ResetEpisode();
}

void Viewer::ResetEpisode() {
  task_->Reset(&episode_rng_);
  task_->Observe(observation_.data());
  episode_return_ = 0.0;
  last_reward_ = 0.0;
  episode_rewards_.clear();
  ChooseAction();
}

// The action for the current state is chosen before it runs, so the policy
// panel and the optimizer inspector show what the next step will execute.
void Viewer::ChooseAction() {
  source_->Act(observation_.data(), deterministic_, action_.data());
  inspection_stale_ = true;
}

void Viewer::StepSimulation() {
  std::vector<double> command(action_.begin(), action_.end());
  const StepOutcome outcome = task_->Step(command.data());
  last_reward_ = outcome.reward;
  episode_return_ += outcome.reward;
  episode_rewards_.push_back(static_cast<float>(outcome.reward));
  task_->Observe(observation_.data());
  if (recorder_ && --record_countdown_ <= 0) {
    RecordFrame();
    record_countdown_ = record_every_;
  }
  if (outcome.terminated || outcome.truncated) {
    last_episode_return_ = episode_return_;
    ++episodes_;
    ResetEpisode();
  } else {
    ChooseAction();
  }
}

void Viewer::AdvanceRealTime(double wall_seconds) {
  const bool playing_labels =
      labeling_.phase() == LabelingSession::Phase::kPlayingLeft ||
      labeling_.phase() == LabelingSession::Phase::kPlayingRight;
  if (paused_ || (labeling_.active() && !playing_labels)) {
    time_credit_ = 0.0;
    return;
  }
  // Long stalls (a dragged window, a checkpoint load) are not caught up.
  time_credit_ += std::min(wall_seconds, 0.1) * kSpeeds[speed_];
  const double step_seconds = task_->action_period();
  int steps = 0;
  while (time_credit_ >= step_seconds && steps < kMaxStepsPerFrame) {
    time_credit_ -= step_seconds;
    ++steps;
  }
  if (steps == kMaxStepsPerFrame) time_credit_ = 0.0;
  if (labeling_.active()) {
    labeling_.Advance(steps);
  } else {
    for (int i = 0; i < steps; ++i) StepSimulation();
  }
}

void Viewer::PollRun(Clock::time_point now) {
  if (auto result = source_->Poll()) {
    if (result->error.empty()) {
      load_error_.clear();
      if (loading_entry_) monitor_->MarkLoaded(*loading_entry_);
      status_ = "loaded " + result->path;
      Log().info("{}", status_);
      ChooseAction();
    } else {
      // Following retries at the next poll: the trainer may have replaced
      // the file while it was read.
      load_error_ = result->error;
      Log().warn("{}", result->error);
    }
    loading_entry_.reset();
  }
  if (!monitor_) return;
  monitor_->PollIfDue(now);
  if (follow_latest_ && !source_->loading() &&
      monitor_->polls() != last_request_poll_) {
    if (auto newest = monitor_->NewestToFollow()) LoadCheckpoint(*newest);
  }
}

void Viewer::LoadCheckpoint(const CheckpointEntry& entry) {
  if (source_->loading()) return;
  loading_entry_ = entry;
  last_request_poll_ = monitor_->polls();
  source_->LoadInBackground(entry.path);
}

void Viewer::HandleInput() {
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantCaptureMouse) {
    MouseInput mouse;
    mouse.dx = io.MouseDelta.x;
    mouse.dy = io.MouseDelta.y;
    mouse.left = io.MouseDown[0];
    mouse.right = io.MouseDown[1];
    mouse.middle = io.MouseDown[2];
    mouse.shift = io.KeyShift;
    mouse.scroll = io.MouseWheel;
    scene_->Navigate(mouse, static_cast<int>(io.DisplaySize.y));
  }
  const std::vector<int> keys = window_->TakeKeyPresses();
  if (io.WantCaptureKeyboard) return;
  for (int key : keys) {
    if (labeling_.active()) {
      switch (key) {
        case GLFW_KEY_LEFT:
          AnswerLabel("left");
          continue;
        case GLFW_KEY_RIGHT:
          AnswerLabel("right");
          continue;
        case GLFW_KEY_DOWN:
          AnswerLabel("tie");
          continue;
        case GLFW_KEY_S:
          labeling_.Skip();
          continue;
        case GLFW_KEY_R:
          labeling_.Replay();
          continue;
      }
    }
    switch (key) {
      case GLFW_KEY_SPACE:
        paused_ = !paused_;
        break;
      case GLFW_KEY_N:
        if (paused_ && !labeling_.active()) StepSimulation();
        break;
      case GLFW_KEY_BACKSPACE:
        ResetEpisode();
        break;
      case GLFW_KEY_MINUS:
        speed_ = std::max(0, speed_ - 1);
        break;
      case GLFW_KEY_EQUAL:
        speed_ = std::min(kNumSpeeds - 1, speed_ + 1);
        break;
      case GLFW_KEY_C:
        scene_->SetCameraMode(scene_->camera_mode() ==
                                      SceneView::CameraMode::kFree
                                  ? SceneView::CameraMode::kTracking
                                  : SceneView::CameraMode::kFree);
        break;
      case GLFW_KEY_F12:
        screenshot_requested_ = true;
        break;
    }
  }
}

void Viewer::DrawPanels() {
  DrawSimulationPanel();
  DrawPolicyPanel();
  DrawOptimizerPanel();
  if (monitor_) DrawCurvesPanel();
  DrawLabelPanel();
  DrawLabelOverlay();
}

void Viewer::DrawSimulationPanel() {
  ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Simulation", nullptr, kPanelFlags)) {
    ImGui::End();
    return;
  }
  ImGui::Text("%s", setup_.task.c_str());
  ImGui::Text("t = %.2f s   step %d / %d   episode %d", task_->data()->time,
              task_->step_count(), task_->episode_length(), episodes_ + 1);
  if (ImGui::Button(paused_ ? "Play" : "Pause")) paused_ = !paused_;
  ImGui::SameLine();
  ImGui::BeginDisabled(!paused_ || labeling_.active());
  if (ImGui::Button("Step")) StepSimulation();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset")) ResetEpisode();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  ImGui::Combo("speed", &speed_, kSpeedNames, kNumSpeeds);

  int mode = scene_->camera_mode() == SceneView::CameraMode::kFree ? 0 : 1;
  ImGui::Text("Camera");
  ImGui::SameLine();
  bool changed = ImGui::RadioButton("free", &mode, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("track", &mode, 1);
  if (changed) {
    scene_->SetCameraMode(mode == 0 ? SceneView::CameraMode::kFree
                                    : SceneView::CameraMode::kTracking);
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset view")) scene_->ResetCamera(task_->data());

  if (ImGui::Button("Screenshot")) screenshot_requested_ = true;
  ImGui::SameLine();
  if (ImGui::Button(recorder_ ? "Stop recording" : "Record")) {
    if (recorder_) {
      StopRecording();
    } else {
      try {
        StartRecording("prefctl_recording_" + LocalTimeStamp() + ".mp4");
      } catch (const std::exception& e) {
        status_ = e.what();
      }
    }
  }
  if (recorder_) {
    ImGui::SameLine();
    ImGui::Text("%d frames", recorder_->frames());
  }
  if (!status_.empty()) ImGui::TextWrapped("%s", status_.c_str());
  if (ImGui::CollapsingHeader("Mouse and keys")) {
    ImGui::TextUnformatted(
        "left drag: rotate   right drag: move   scroll or\n"
        "middle drag: zoom   shift: horizontal variants\n"
        "space: play/pause   n: step   backspace: reset\n"
        "- / =: slower / faster   c: camera   F12: screenshot\n"
        "labels: left / right / down (tie) arrows, s: skip,\n"
        "r: replay the pair");
  }
  ImGui::End();
}

void Viewer::DrawPolicyPanel() {
  ImGui::SetNextWindowPos(ImVec2(10, 220), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Policy", nullptr, kPanelFlags)) {
    ImGui::End();
    return;
  }
  ImGui::Text("acting: %s",
              std::filesystem::path(source_->name()).filename().c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", source_->name().c_str());
  if (monitor_) {
    const std::vector<CheckpointEntry>& entries = monitor_->checkpoints();
    std::string current = "(none yet)";
    for (const CheckpointEntry& entry : entries) {
      if (entry.path == source_->name()) current = entry.name;
    }
    ImGui::BeginDisabled(source_->loading());
    if (ImGui::BeginCombo("checkpoint", current.c_str())) {
      for (const CheckpointEntry& entry : entries) {
        if (ImGui::Selectable(entry.name.c_str(),
                              entry.path == source_->name())) {
          follow_latest_ = false;
          LoadCheckpoint(entry);
        }
      }
      ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    ImGui::Checkbox("follow newest checkpoint", &follow_latest_);
    if (source_->loading())
      ImGui::Text("loading %s ...", loading_entry_->name.c_str());
    if (entries.empty()) {
      ImGui::TextWrapped("waiting for the first checkpoint in %s",
                         monitor_->checkpoint_dir().c_str());
    }
  }
  if (!load_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorText);
    ImGui::TextWrapped("%s (retrying)", load_error_.c_str());
    ImGui::PopStyleColor();
  }
  int sampled = deterministic_ ? 0 : 1;
  bool changed = ImGui::RadioButton("mean action", &sampled, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("sampled", &sampled, 1);
  if (changed) {
    deterministic_ = sampled == 0;
    ChooseAction();
  }
  ImGui::Text("reward %.3f   return %.1f", last_reward_, episode_return_);
  if (episodes_ > 0) {
    ImGui::SameLine();
    ImGui::Text("  last episode %.1f", last_episode_return_);
  }
  if (!episode_rewards_.empty()) {
    ImGui::PlotLines("##rewards", episode_rewards_.data(),
                     static_cast<int>(episode_rewards_.size()), 0,
                     "reward per step", 0.0f, FLT_MAX,
                     ImVec2(kBarWidth + 90, 50));
  }
  ImGui::TextUnformatted("next action");
  for (size_t i = 0; i < action_.size(); ++i) {
    CenteredBar(("a" + std::to_string(i)).c_str(), action_[i]);
  }
  ImGui::End();
}

void Viewer::DrawCurvesPanel() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x - 10, display.y - 10),
                          ImGuiCond_FirstUseEver, ImVec2(1, 1));
  if (!ImGui::Begin("Learning curves", nullptr, kPanelFlags)) {
    ImGui::End();
    return;
  }
  const MetricsTable& table = monitor_->metrics();
  if (table.rows.empty()) {
    ImGui::TextWrapped("no rows in %s/metrics.csv yet", setup_.run_dir.c_str());
    ImGui::End();
    return;
  }
  const int steps = table.ColumnIndex("env_steps");
  if (curve_column_ < 0 ||
      curve_column_ >= static_cast<int>(table.columns.size())) {
    curve_column_ = std::max(0, table.ColumnIndex("eval_return"));
  }
  auto column = [&](int index) {
    std::vector<float> values;
    for (const std::vector<double>& row : table.rows) {
      values.push_back(static_cast<float>(row[index]));
    }
    return values;
  };
  const std::vector<float> values = column(curve_column_);
  if (ImGui::BeginCombo("column", table.columns[curve_column_].c_str())) {
    for (int i = 0; i < static_cast<int>(table.columns.size()); ++i) {
      if (ImGui::Selectable(table.columns[i].c_str(), i == curve_column_)) {
        curve_column_ = i;
      }
    }
    ImGui::EndCombo();
  }
  const std::string overlay =
      table.columns[curve_column_] + " " + std::to_string(values.back());
  ImGui::PlotLines("##curve", values.data(), static_cast<int>(values.size()), 0,
                   overlay.c_str(), FLT_MAX, FLT_MAX, ImVec2(kChartWidth, 120));
  if (steps >= 0) {
    ImGui::Text("%zu evaluations, env steps %.0f to %.0f", table.rows.size(),
                table.rows.front()[steps], table.rows.back()[steps]);
  }
  ImGui::End();
}

void Viewer::DrawOptimizerPanel() {
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 10, 10),
                          ImGuiCond_FirstUseEver, ImVec2(1, 0));
  inspector_open_ = ImGui::Begin("Optimizer", nullptr, kPanelFlags);
  if (!inspector_open_) {
    ImGui::End();
    return;
  }
  if (!source_->has_networks()) {
    ImGui::TextWrapped(
        "No critic: view a checkpoint or run directory to see how PMPO "
        "selects samples.");
    ImGui::End();
    return;
  }
  const PmpoConfig& pmpo = setup_.pmpo;
  if (setup_.loss != "pmpo") {
    ImGui::TextWrapped("run's loss is %s; showing PMPO's default selection",
                       setup_.loss.c_str());
  }
  if (pmpo.selection == "top_fraction") {
    ImGui::Text("top_fraction: accept %.2f, reject %.2f", pmpo.accept_fraction,
                pmpo.reject_fraction);
  } else if (pmpo.selection == "threshold") {
    ImGui::Text("threshold: accept Q >= %.2f, reject Q <= %.2f",
                pmpo.accept_threshold, pmpo.reject_threshold);
  } else {
    ImGui::Text("%s", pmpo.selection.c_str());
  }
  ImGui::SetNextItemWidth(150);
  if (ImGui::SliderInt("samples N", &inspect_samples_, 2, 256)) {
    inspection_stale_ = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("resample")) inspection_stale_ = true;
  if (inspection_stale_) {
    inspection_ = InspectOptimizer(
        source_->policy(), source_->critic(), pmpo, observation_.data(),
        task_->observation_size(), action_.data(), task_->action_size(),
        inspect_samples_, source_->generator());
    inspection_stale_ = false;
  }
  const OptimizerInspection& inspection = *inspection_;
  ImGui::TextColored(ImColor(kAcceptedColor), "accepted %d",
                     inspection.accepted_count);
  ImGui::SameLine();
  ImGui::TextColored(ImColor(kRejectedColor), "rejected %d",
                     inspection.rejected_count);
  ImGui::SameLine();
  ImGui::Text("of %d", inspection.num_samples);
  ImGui::SameLine();
  ImGui::TextColored(ImColor(kExecutedColor), "executed Q %.4g",
                     inspection.executed_q);
  DrawQBars(inspection);
  if (task_->action_size() > 1) {
    ImGui::SetNextItemWidth(150);
    ImGui::SliderInt("action dimension", &scatter_dimension_, 0,
                     task_->action_size() - 1);
  }
  ImGui::Text("Q against a%d", scatter_dimension_);
  DrawQScatter(inspection, action_, scatter_dimension_);
  ImGui::End();
}

std::vector<std::string> Viewer::LabelSourceNames() const {
  std::vector<std::string> names = {"this policy, sampled", "this policy, mean",
                                    "random"};
  if (monitor_) {
    for (const CheckpointEntry& entry : monitor_->checkpoints()) {
      names.push_back(entry.name + ", sampled");
    }
  }
  return names;
}

RecordedRollout Viewer::RecordLabelRollout(int source, uint64_t seed) {
  std::vector<float> action(task_->action_size());
  if (source == 2) {
    Rng rng(seed ^ 0x9e3779b97f4a7c15ULL);
    return RecordRollout(
        label_task_.get(), seed, label_steps_,
        [&](const float*, float* out) {
          for (float& value : action)
            value = static_cast<float>(rng.Uniform(-1, 1));
          std::copy(action.begin(), action.end(), out);
        },
        "random");
  }
  if (source < 2) {
    return RecordRollout(
        label_task_.get(), seed, label_steps_,
        [&](const float* observation, float* out) {
          source_->Act(observation, source == 1, out);
        },
        source_->has_networks() ? source_->name() : setup_.fallback_policy);
  }
  const CheckpointEntry& entry = monitor_->checkpoints().at(source - 3);
  PolicySource other(setup_.policy, setup_.critic, task_->observation_size(),
                     task_->action_size(), "zero", seed);
  other.LoadNow(entry.path);
  return RecordRollout(
      label_task_.get(), seed, label_steps_,
      [&](const float* observation, float* out) {
        other.Act(observation, false, out);
      },
      entry.path);
}

void Viewer::StartLabelPair() {
  label_error_.clear();
  try {
    RecordedRollout left = RecordLabelRollout(left_source_, label_seed_);
    RecordedRollout right = RecordLabelRollout(
        right_source_, same_start_ ? label_seed_ : label_seed_ + 1);
    labeling_.Start(std::move(left), std::move(right));
  } catch (const std::exception& e) {
    label_error_ = e.what();
  }
}

void Viewer::AnswerLabel(const std::string& label) {
  try {
    labeling_.Label(label);
    label_seed_ += 2;
    label_error_.clear();
  } catch (const std::exception& e) {
    label_error_ = e.what();
  }
}

void Viewer::DrawLabelPanel() {
  // Bottom left, with room below for the lines a playing pair adds.
  ImGui::SetNextWindowPos(ImVec2(10, ImGui::GetIO().DisplaySize.y - 80),
                          ImGuiCond_FirstUseEver, ImVec2(0, 1));
  if (!ImGui::Begin("Preference labels", nullptr, kPanelFlags)) {
    ImGui::End();
    return;
  }
  const std::vector<std::string> names = LabelSourceNames();
  left_source_ = std::min(left_source_, static_cast<int>(names.size()) - 1);
  right_source_ = std::min(right_source_, static_cast<int>(names.size()) - 1);
  auto source_combo = [&](const char* label, int* index) {
    if (ImGui::BeginCombo(label, names[*index].c_str())) {
      for (int i = 0; i < static_cast<int>(names.size()); ++i) {
        if (ImGui::Selectable(names[i].c_str(), i == *index)) *index = i;
      }
      ImGui::EndCombo();
    }
  };
  ImGui::BeginDisabled(labeling_.active());
  source_combo("left", &left_source_);
  source_combo("right", &right_source_);
  ImGui::SliderInt("steps", &label_steps_, 10, task_->episode_length());
  ImGui::Checkbox("same initial state", &same_start_);
  ImGui::SameLine();
  if (ImGui::Button("Play a pair")) StartLabelPair();
  ImGui::EndDisabled();
  if (labeling_.active()) {
    const char* phase =
        labeling_.phase() == LabelingSession::Phase::kPlayingLeft ? "left"
        : labeling_.phase() == LabelingSession::Phase::kPlayingRight
            ? "right"
            : "done, which was better?";
    ImGui::Text("playing %s  frame %d / %zu", phase, labeling_.frame(),
                labeling_.showing().states.size() - 1);
    auto sum = [](const RecordedRollout& r) {
      return std::accumulate(r.trajectory.rewards.begin(),
                             r.trajectory.rewards.end(), 0.0);
    };
    ImGui::Text("returns: left %.1f, right %.1f", sum(labeling_.left()),
                sum(labeling_.right()));
    if (ImGui::Button("Left <-")) AnswerLabel("left");
    ImGui::SameLine();
    if (ImGui::Button("Right ->")) AnswerLabel("right");
    ImGui::SameLine();
    if (ImGui::Button("Tie (down)")) AnswerLabel("tie");
    ImGui::SameLine();
    if (ImGui::Button("Skip (s)")) labeling_.Skip();
    ImGui::SameLine();
    if (ImGui::Button("Replay")) labeling_.Replay();
  }
  ImGui::Text("%d labels written to %s", labeling_.written(),
              labeling_.labels_path().c_str());
  if (!label_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorText);
    ImGui::TextWrapped("%s", label_error_.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

// While a pair plays, which rollout is on screen is written large over the
// scene.
void Viewer::DrawLabelOverlay() {
  if (!labeling_.active()) return;
  const char* text =
      labeling_.phase() == LabelingSession::Phase::kPlayingLeft ? "LEFT"
      : labeling_.phase() == LabelingSession::Phase::kPlayingRight
          ? "RIGHT"
          : "left / right / tie?";
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ImGui::GetForegroundDrawList()->AddText(ImGui::GetFont(), 48.0f,
                                          ImVec2(size.x / 2 - 60, 20),
                                          IM_COL32(255, 255, 255, 230), text);
}

void Viewer::RenderScene() {
  Task* shown = task_.get();
  if (labeling_.active()) {
    const RecordedRollout& rollout = labeling_.showing();
    const int frame = std::min(labeling_.frame(),
                               static_cast<int>(rollout.states.size()) - 1);
    ShowState(label_task_.get(), rollout.states[frame]);
    shown = label_task_.get();
  }
  scene_->Render(shown->data(), window_->Viewport(), window_->context());
}

void Viewer::StartRecording(const std::string& path) {
  const double fps = 1.0 / (task_->action_period() * record_every_);
  const mjrContext* context = window_->context();
  recorder_ = std::make_unique<FrameRecorder>(path, context->offWidth,
                                              context->offHeight, fps);
  record_countdown_ = 0;
  status_ = "recording to " + recorder_->output();
}

void Viewer::StopRecording() {
  if (!recorder_) return;
  const std::string output = recorder_->output();
  const int frames = recorder_->frames();
  recorder_->Close();
  recorder_.reset();
  status_ = "recorded " + std::to_string(frames) + " frames to " + output;
  Log().info("{}", status_);
}

void Viewer::RecordFrame() {
  if (!window_->headless()) window_->Bind(Window::Target::kOffscreen);
  RenderScene();
  const RgbImage frame = window_->ReadPixels();
  if (!window_->headless()) window_->Bind(Window::Target::kWindow);
  try {
    recorder_->AddFrame(frame);
  } catch (const std::exception& e) {
    // A recording that fails (disk full, ffmpeg gone) stops; headless that
    // is the job failing, in the window the viewer goes on.
    recorder_.reset();
    if (window_->headless()) throw;
    status_ = e.what();
    Log().error("{}", status_);
  }
}

void Viewer::TakeScreenshot(const std::string& path) {
  const RgbImage image = window_->ReadPixels();
  WritePng(path, image);
  status_ = "wrote " + path;
  Log().info("wrote {} ({}x{})", path, image.width, image.height);
}

void Viewer::OpenWindow(const WindowOptions& options) {
  window_ = std::make_unique<Window>(task_->model(), options);
  scene_ = std::make_unique<SceneView>(task_->model(), task_->data());
  if (setup_.track_camera) {
    scene_->SetCameraMode(SceneView::CameraMode::kTracking);
  }
}

void Viewer::RunHeadless() {
  WindowOptions options;
  options.headless = true;
  options.width = setup_.width;
  options.height = setup_.height;
  OpenWindow(options);
  const auto start = Clock::now();
  if (!setup_.record.empty()) {
    scene_->SnapToTrackedBody(task_->data());
    StartRecording(setup_.record);
  }
  for (int i = 0; i < setup_.steps; ++i) StepSimulation();
  StopRecording();
  if (!setup_.screenshot.empty()) {
    const int frames = setup_.screenshot_ui ? kUiSettleFrames : 1;
    for (int i = 0; i < frames; ++i) {
      window_->BeginFrame();
      scene_->SnapToTrackedBody(task_->data());
      if (setup_.screenshot_ui) DrawPanels();
      RenderScene();
      window_->FinishUi(setup_.screenshot_ui);
    }
    TakeScreenshot(setup_.screenshot);
  }
  Log().info("headless: {} steps in {:.2f} s", setup_.steps,
             std::chrono::duration<double>(Clock::now() - start).count());
}

void Viewer::RunInteractive() {
  WindowOptions options;
  options.title = "prefctl view: " + setup_.task +
                  (setup_.run_dir.empty() ? "" : " (" + setup_.run_dir + ")");
  options.width = setup_.width;
  options.height = setup_.height;
  OpenWindow(options);
  auto last = Clock::now();
  while (!window_->ShouldClose()) {
    window_->BeginFrame();
    const auto now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - last).count();
    last = now;
    PollRun(now);
    HandleInput();
    AdvanceRealTime(elapsed);
    DrawPanels();
    RenderScene();
    window_->FinishUi(true);
    if (screenshot_requested_) {
      screenshot_requested_ = false;
      try {
        TakeScreenshot("prefctl_screenshot_" + LocalTimeStamp() + ".png");
      } catch (const std::exception& e) {
        status_ = e.what();
      }
    }
    window_->Present();
    // Without vsync (Xvfb, some drivers) the loop would spin a core that a
    // training run next to it needs.
    std::this_thread::sleep_until(now + kFramePeriod);
  }
  StopRecording();
}

void Viewer::Run() {
  if (setup_.headless()) {
    RunHeadless();
  } else {
    RunInteractive();
  }
}

}  // namespace

void RunViewer(const ViewerSetup& setup) {
  Viewer viewer(setup);
  viewer.Run();
}

}  // namespace prefctl
