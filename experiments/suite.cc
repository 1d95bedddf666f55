#include "experiments/suite.h"

#include <fcntl.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/atomic_file.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/metrics_writer.h"
#include "core/statistics.h"
#include "core/stop_signals.h"
#include "experiments/experiment_config.h"

extern char** environ;

namespace prefctl {
namespace fs = std::filesystem;
namespace {

// A grid value as a directory name: path separators and the like become _.
std::string DirectoryName(const std::string& value) {
  std::string name = value;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' &&
        c != '.') {
      c = '_';
    }
  }
  return name;
}

bool HasCheckpoint(const fs::path& run_dir) {
  const fs::path checkpoints = run_dir / "checkpoints";
  if (!fs::is_directory(checkpoints)) return false;
  for (const auto& entry : fs::directory_iterator(checkpoints)) {
    if (entry.path().filename().string().rfind("step_", 0) == 0) return true;
  }
  return false;
}

// Starts `binary args...` with stdout and stderr appended to `log_path`.
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, binary.c_str(), &actions, nullptr,
                                argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    throw std::runtime_error("cannot start " + binary + ": " +
                             std::strerror(error));
  }
  return pid;
}

// A single evaluation (5 episodes by default) moves by 100 and more on
// cheetah-run from one evaluation to the next, so the summary also gives the
// mean of the last few, which compares runs less at the mercy of one
// evaluation (docs/benchmarks.md, session 38).
constexpr size_t kTailEvaluations = 5;

// A 500k run evaluated every 5k has 100 evaluations: results.md's curve table
// shows at most this many of them, evenly spaced and ending at the last
// (every 50k there); curves.csv keeps them all.
constexpr size_t kCurveColumns = 10;

// The evaluation steps results.md's curve table shows: every k-th of
// `all_steps`, counted back from the last, with k the smallest stride that
// keeps them within kCurveColumns.
std::set<double> CurveColumns(const std::set<double>& all_steps) {
  const size_t stride = std::max<size_t>(
      1, (all_steps.size() + kCurveColumns - 1) / kCurveColumns);
  std::set<double> shown;
  size_t index = 0;
  for (auto it = all_steps.rbegin(); it != all_steps.rend(); ++it, ++index) {
    if (index % stride == 0) shown.insert(*it);
  }
  return shown;
}

struct RunResult {
  double final_return = 0.0, best_return = 0.0, env_steps = 0.0, wall_s = 0.0;
  double tail_return = 0.0;        // mean of the last kTailEvaluations
  std::map<double, double> curve;  // env_steps -> eval_return
};

// False unless the run finished its budget: a run stopped by a signal
// writes summary.json too, with "completed": false.
bool ReadRunResult(const fs::path& run_dir, RunResult* result) {
  std::ifstream summary_file(run_dir / "summary.json");
  if (!summary_file) return false;
  const nlohmann::json summary = nlohmann::json::parse(summary_file);
  if (!summary.value("completed", true)) return false;
  result->final_return = summary.at("final_eval_return").get<double>();
  result->best_return = summary.at("best_eval_return").get<double>();
  result->env_steps = summary.at("env_steps").get<double>();
  result->wall_s = summary.at("wall_s").get<double>();
  const MetricsTable metrics = ReadMetrics((run_dir / "metrics.csv").string());
  const int steps = metrics.ColumnIndex("env_steps");
  const int eval = metrics.ColumnIndex("eval_return");
  if (steps >= 0 && eval >= 0) {
    for (const auto& row : metrics.rows) result->curve[row[steps]] = row[eval];
  }
  std::vector<double> last;
  for (auto it = result->curve.rbegin();
       it != result->curve.rend() && last.size() < kTailEvaluations; ++it) {
    last.push_back(it->second);
  }
  result->tail_return =
      last.empty() ? result->final_return : MeanWithInterval(last).mean;
  return true;
}

std::string Format(double value, int precision = 1) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(precision);
  out << value;
  return out.str();
}

// "mean ± half width of its 95% interval"; one value has no interval, and
// "± 0.0" would claim a certainty.
std::string MeanAndInterval(const std::vector<double>& values) {
  const MeanInterval interval = MeanWithInterval(values);
  return Format(interval.mean) + (values.size() > 1
                                      ? " ± " + Format(interval.half_width)
                                      : std::string(" (one seed)"));
}

}  // namespace

SuiteConfig LoadSuite(const std::string& path) {
  const ConfigNode root = ConfigNode::LoadFile(path);
  SuiteConfig suite;
  root.ReadRequired("experiment", &suite.experiment);
  root.ResolvePath("experiment", &suite.experiment);
  if (root.Has("seeds")) {
    suite.seeds.clear();
    for (const ConfigNode& seed : root.Items("seeds")) {
      suite.seeds.push_back(
          static_cast<uint64_t>(seed.As<int64_t>(Range::AtLeast(0))));
    }
    if (suite.seeds.empty()) root.Fail("seeds", "must list at least one seed");
  }
  const ConfigNode overrides = root.Child("overrides");
  for (const std::string& key : overrides.Keys()) {
    std::string value;
    overrides.Read(key, &value);
    suite.overrides.push_back(key + "=" + value);
  }
  const ConfigNode grid = root.Child("grid");
  for (const std::string& key : grid.Keys()) {
    std::vector<std::string> values;
    for (const ConfigNode& value : grid.Items(key)) {
      values.push_back(value.As<std::string>());
    }
    if (values.empty()) grid.Fail(key, "must list at least one value");
    suite.grid.emplace_back(key, values);
  }
  root.CheckNoUnknownKeys();
  return suite;
}

std::vector<SuiteRun> ExpandSuite(const SuiteConfig& suite) {
  std::vector<SuiteRun> runs(1);
  for (const auto& [key, values] : suite.grid) {
    std::vector<SuiteRun> expanded;
    for (const SuiteRun& run : runs) {
      for (const std::string& value : values) {
        SuiteRun next = run;
        next.grid_values.push_back(value);
        expanded.push_back(next);
      }
    }
    runs = expanded;
  }
  std::vector<SuiteRun> with_seeds;
  for (const SuiteRun& run : runs) {
    for (uint64_t seed : suite.seeds) {
      SuiteRun next = run;
      next.seed = seed;
      next.overrides = suite.overrides;
      fs::path dir;
      for (size_t axis = 0; axis < suite.grid.size(); ++axis) {
        next.overrides.push_back(suite.grid[axis].first + "=" +
                                 run.grid_values[axis]);
        dir /= DirectoryName(run.grid_values[axis]);
      }
      next.overrides.push_back("seed=" + std::to_string(seed));
      next.relative_dir = (dir / ("seed_" + std::to_string(seed))).string();
      with_seeds.push_back(next);
    }
  }
  return with_seeds;
}

std::vector<SuiteRun> SelectRuns(const SuiteConfig& suite,
                                 const std::vector<SuiteRun>& runs,
                                 const std::vector<std::string>& filters) {
  auto join = [](const std::vector<std::string>& items) {
    std::string joined;
    for (const std::string& item : items)
      joined += (joined.empty() ? "" : ", ") + item;
    return joined;
  };
  // Axis -1 is the seed; values asked for per axis (any of them matches).
  std::map<int, std::set<std::string>> wanted;
  for (const std::string& filter : filters) {
    const size_t equals = filter.find('=');
    const std::string key = filter.substr(0, equals);
    const std::string value =
        equals == std::string::npos ? "" : filter.substr(equals + 1);
    int axis = -1;
    std::vector<std::string> choices;
    if (key == "seed") {
      for (uint64_t seed : suite.seeds) choices.push_back(std::to_string(seed));
    } else {
      auto found = std::find_if(
          suite.grid.begin(), suite.grid.end(),
          [&](const auto& named_axis) { return named_axis.first == key; });
      if (found == suite.grid.end()) {
        std::vector<std::string> axes = {"seed"};
        for (const auto& named_axis : suite.grid)
          axes.push_back(named_axis.first);
        throw ConfigError(
            "--only " + filter + ": '" + key +
            "' is not an axis of this suite (choices: " + join(axes) + ")");
      }
      axis = static_cast<int>(found - suite.grid.begin());
      choices = found->second;
    }
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
      throw ConfigError("--only " + filter + ": '" + key + "' has no value '" +
                        value + "' in this suite (" + join(choices) + ")");
    }
    wanted[axis].insert(value);
  }
  std::vector<SuiteRun> selected;
  for (const SuiteRun& run : runs) {
    const bool matches =
        std::all_of(wanted.begin(), wanted.end(), [&](const auto& axis_values) {
          const std::string value = axis_values.first < 0
                                        ? std::to_string(run.seed)
                                        : run.grid_values[axis_values.first];
          return axis_values.second.count(value) > 0;
        });
    if (matches) selected.push_back(run);
  }
  return selected;
}

void ValidateSuite(const SuiteConfig& suite,
                   const std::vector<SuiteRun>& runs) {
  for (const SuiteRun& run : runs) {
    try {
      LoadExperiment(suite.experiment, run.overrides);
    } catch (const ConfigError& e) {
      throw ConfigError("suite run " + run.relative_dir + ": " + e.what());
    }
  }
}

int RunSuite(const SuiteConfig& suite, const std::vector<SuiteRun>& runs,
             const std::string& out_dir, int jobs,
             const std::string& prefctl_binary) {
  std::vector<size_t> pending;
  for (size_t i = 0; i < runs.size(); ++i) {
    RunResult finished;
    if (!ReadRunResult(fs::path(out_dir) / runs[i].relative_dir, &finished))
      pending.push_back(i);
  }
  Log().info("suite: {} runs, {} finished already, {} to run, {} at a time",
             runs.size(), runs.size() - pending.size(), pending.size(), jobs);
  std::map<pid_t, size_t> running;
  size_t next = 0, done = 0;
  int failures = 0;
  // Without a thread of its own: a signal interrupts waitpid below.
  const StopSignals stop_signals(StopSignals::Receiver::kAnyThread);
  bool stopping = false;
  while ((next < pending.size() && !stopping) || !running.empty()) {
    if (stop_signals.received() && !stopping) {
      // Each run saves a checkpoint and stops; none is left training on
      // without the suite that would summarize it.
      stopping = true;
      Log().warn("suite: stopping; {} running runs save a checkpoint first",
                 running.size());
      for (const auto& [pid, index] : running) kill(pid, SIGTERM);
    }
    while (!stopping && next < pending.size() &&
           static_cast<int>(running.size()) < jobs) {
      const size_t index = pending[next++];
      const SuiteRun& run = runs[index];
      const fs::path run_dir = fs::path(out_dir) / run.relative_dir;
      fs::create_directories(run_dir);
      std::vector<std::string> args = {"train", suite.experiment};
      args.insert(args.end(), run.overrides.begin(), run.overrides.end());
      args.insert(args.end(), {"--run-dir", run_dir.string()});
      if (HasCheckpoint(run_dir)) args.push_back("--resume");
      running[Spawn(prefctl_binary, args, (run_dir / "train.log").string())] =
          index;
    }
    if (running.empty()) continue;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) break;
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const SuiteRun& run = runs[it->second];
    running.erase(it);
    ++done;
    const fs::path run_dir = fs::path(out_dir) / run.relative_dir;
    RunResult result;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
        ReadRunResult(run_dir, &result)) {
      Log().info("suite [{}/{}] {}: final eval return {:.1f} in {:.0f} s", done,
                 pending.size(), run.relative_dir, result.final_return,
                 result.wall_s);
    } else if (stopping) {
      Log().warn("suite [{}/{}] {} stopped", done, pending.size(),
                 run.relative_dir);
    } else {
      ++failures;
      Log().error("suite [{}/{}] {} failed; see {}", done, pending.size(),
                  run.relative_dir, (run_dir / "train.log").string());
    }
  }
  if (stopping) {
    throw std::runtime_error(
        "suite stopped by a signal; run the same command again to continue "
        "(finished runs are kept, stopped ones resume from their checkpoint)");
  }
  return failures;
}

std::string SummarizeSuite(const SuiteConfig& suite,
                           const std::vector<SuiteRun>& runs,
                           const std::string& out_dir) {
  // Grid combination -> the results of its finished seeds.
  std::map<std::vector<std::string>, std::vector<RunResult>> groups;
  std::vector<std::vector<std::string>> order;
  std::ostringstream csv;
  for (const auto& [key, values] : suite.grid) csv << key << ",";
  csv << "seed,final_eval_return,tail_eval_return,best_eval_return,env_steps,"
         "wall_s\n";
  for (const SuiteRun& run : runs) {
    if (!groups.count(run.grid_values)) order.push_back(run.grid_values);
    std::vector<RunResult>& group = groups[run.grid_values];
    RunResult result;
    if (!ReadRunResult(fs::path(out_dir) / run.relative_dir, &result)) continue;
    group.push_back(result);
    for (const std::string& value : run.grid_values) csv << value << ",";
    csv << run.seed << "," << result.final_return << "," << result.tail_return
        << "," << result.best_return << "," << result.env_steps << ","
        << result.wall_s << "\n";
  }
  WriteTextAtomically((fs::path(out_dir) / "results.csv").string(), csv.str());

  std::ostringstream markdown, curves_csv, curves_markdown;
  std::string header, rule;
  for (const auto& [key, values] : suite.grid) {
    header += "| " + key + " ";
    rule += "|---";
    curves_csv << key << ",";
  }
  markdown << header
           << "| seeds | final eval return (95% CI) | mean of the last "
           << kTailEvaluations
           << " evals (95% CI) | best eval return | wall s |\n"
           << rule << "|---|---|---|---|---|\n";
  curves_csv << "env_steps,eval_return_mean,eval_return_ci,seeds\n";
  std::set<double> all_steps;
  for (const auto& [values, results] : groups) {
    for (const RunResult& result : results) {
      for (const auto& [steps, value] : result.curve) all_steps.insert(steps);
    }
  }
  const std::set<double> shown_steps = CurveColumns(all_steps);
  curves_markdown << header;
  for (double steps : shown_steps)
    curves_markdown << "| " << steps / 1000 << "k ";
  curves_markdown << "|\n" << rule;
  for (size_t i = 0; i < shown_steps.size(); ++i) curves_markdown << "|---";
  curves_markdown << "|\n";
  for (const std::vector<std::string>& values : order) {
    const std::vector<RunResult>& results = groups[values];
    std::vector<double> finals, tails, bests, walls;
    for (const RunResult& result : results) {
      finals.push_back(result.final_return);
      tails.push_back(result.tail_return);
      bests.push_back(result.best_return);
      walls.push_back(result.wall_s);
    }
    std::string cells;
    for (const std::string& value : values) cells += "| " + value + " ";
    markdown << cells << "| " << results.size() << " | ";
    if (results.empty()) {
      markdown << "no finished run | - | - | - |\n";
    } else {
      markdown << MeanAndInterval(finals) << " | " << MeanAndInterval(tails)
               << " | " << Format(MeanWithInterval(bests).mean) << " | "
               << Format(MeanWithInterval(walls).mean, 0) << " |\n";
    }
    curves_markdown << cells;
    for (double steps : all_steps) {
      std::vector<double> at_step;
      for (const RunResult& result : results) {
        const auto it = result.curve.find(steps);
        if (it != result.curve.end()) at_step.push_back(it->second);
      }
      const MeanInterval curve = MeanWithInterval(at_step);
      if (shown_steps.count(steps)) {
        curves_markdown << "| "
                        << (at_step.empty() ? std::string("")
                                            : Format(curve.mean, 0))
                        << " ";
      }
      if (at_step.empty()) continue;
      for (const std::string& value : values) curves_csv << value << ",";
      curves_csv << steps << "," << curve.mean << "," << curve.half_width << ","
                 << curve.count << "\n";
    }
    curves_markdown << "|\n";
  }
  WriteTextAtomically((fs::path(out_dir) / "curves.csv").string(),
                      curves_csv.str());
  const std::string text = "## Final evaluation\n\n" + markdown.str() +
                           "\n## Learning curves (mean eval return over "
                           "seeds; every evaluation in curves.csv)\n\n" +
                           curves_markdown.str();
  WriteTextAtomically((fs::path(out_dir) / "results.md").string(), text);
  return text;
}

}  // namespace prefctl
