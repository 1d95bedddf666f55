#include "core/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "core/config.h"

namespace prefctl {

spdlog::logger& Log() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto created = spdlog::stderr_color_mt("prefctl");
    created->set_pattern("[%H:%M:%S %^%l%$] %v");
    return created;
  }();
  return *logger;
}

void SetLogLevel(const std::string& level) {
  const spdlog::level::level_enum parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw ConfigError("log level '" + level +
                      "' is not one of trace, debug, info, warn, error, off");
  }
  Log().set_level(parsed);
}

}  // namespace prefctl
