// Logging setup: spdlog to stderr (and optionally a file), one format for
// every process, with the process role in each line. Never log secrets:
// database URLs go through RedactUrl().
#pragma once

#include <string>

#include <spdlog/spdlog.h>

namespace docflow {

// level: trace|debug|info|warn|error. role: "broker", "worker/ocr", ...
// log_file: when not empty, lines also go to this file.
void InitLogging(const std::string& role, const std::string& level, const std::string& log_file = "");

// postgresql://user:secret@host/db -> postgresql://user:***@host/db; also
// masks password=... parameters.
std::string RedactUrl(const std::string& url);

}  // namespace docflow
