// The `prefctl` command line: one executable, one subcommand per job.
#include <c10/util/Exception.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "core/config.h"
#include "core/logging.h"
#include "experiments/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"prefctl: control policies from preference feedback on MuJoCo"};
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level,
                 "trace, debug, info, warn, error or off");
  app.parse_complete_callback([&] { prefctl::SetLogLevel(log_level); });
  prefctl::RegisterTasksCommand(&app);
  prefctl::RegisterBenchEnvCommand(&app);
  prefctl::RegisterTrainCommand(&app);
  prefctl::RegisterEvalCommand(&app);
  prefctl::RegisterBenchLearnerCommand(&app);
  prefctl::RegisterSuiteCommand(&app);
  prefctl::RegisterExportCommand(&app);
  prefctl::RegisterBenchPolicyCommand(&app);
  prefctl::RegisterDuelCommand(&app);
#ifdef PREFCTL_HAS_VIEWER
  prefctl::RegisterViewCommand(&app);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const prefctl::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const c10::Error& e) {
    // LibTorch's own message carries a C++ backtrace nobody asked for.
    std::cerr << "error: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
