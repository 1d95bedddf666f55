// Each `prefctl` subcommand lives in its own <name>_command.cc and registers
// itself on the CLI11 app through one of these functions (called from
// main.cc). A command's callback throws ConfigError for bad input; main
// prints it and exits with status 2.
#ifndef PREFCTL_EXPERIMENTS_COMMANDS_H_
#define PREFCTL_EXPERIMENTS_COMMANDS_H_

namespace CLI {
class App;
}

namespace prefctl {

void RegisterTasksCommand(CLI::App* app);
void RegisterBenchEnvCommand(CLI::App* app);
void RegisterTrainCommand(CLI::App* app);
void RegisterEvalCommand(CLI::App* app);
void RegisterBenchLearnerCommand(CLI::App* app);
void RegisterSuiteCommand(CLI::App* app);
void RegisterExportCommand(CLI::App* app);
void RegisterBenchPolicyCommand(CLI::App* app);
void RegisterDuelCommand(CLI::App* app);
// Only in builds with the viewer (PREFCTL_BUILD_VIEWER).
void RegisterViewCommand(CLI::App* app);

}  // namespace prefctl

#endif  // PREFCTL_EXPERIMENTS_COMMANDS_H_
