// Project-wide logging through spdlog: one named logger, level set from the
// command line. Kept tiny so that headers need not include spdlog.
#ifndef PREFCTL_CORE_LOGGING_H_
#define PREFCTL_CORE_LOGGING_H_

#include <string>

namespace spdlog {
class logger;
}

namespace prefctl {

// The shared logger (created on first use, writes to stderr).
spdlog::logger& Log();

// Sets the level by name: trace, debug, info, warn, error, off. Throws
// ConfigError naming the valid levels for anything else.
void SetLogLevel(const std::string& level);

}  // namespace prefctl

#endif  // PREFCTL_CORE_LOGGING_H_
