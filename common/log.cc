#include "common/log.h"

#include <regex>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace docflow {

void InitLogging(const std::string& role, const std::string& level, const std::string& log_file) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (!log_file.empty()) {
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_file));
    } catch (const spdlog::spdlog_ex&) {
      // stderr only; the file location is reported by the caller's config check
    }
  }
  auto logger = std::make_shared<spdlog::logger>(role, sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n %P] %v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

std::string RedactUrl(const std::string& url) {
  static const std::regex kUserinfo(R"(^([a-z]+://[^:/@]*):[^@]*@)", std::regex::icase);
  static const std::regex kParam(R"((password=)[^&\s]*)", std::regex::icase);
  std::string out = std::regex_replace(url, kUserinfo, "$1:***@");
  return std::regex_replace(out, kParam, "$1***");
}

}  // namespace docflow
