// The pipeline without broker or database, for `docflow extract` and
// `docflow ocr`: the same stage handlers as the service, chained in-process.
//
// Thread safety: a LocalPipeline is used by one thread (it owns an OCR engine).
#pragma once

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/config.h"
#include "common/result.h"
#include "pipeline/worker_runtime.h"

namespace docflow::cli {

class LocalPipeline {
 public:
  explicit LocalPipeline(const Config& config) : config_(config) {}

  // Runs preprocess and OCR; returns the ocr-stage payload (pages).
  Result<Payload> Read(const std::string& path);
  // Runs every stage up to extract; returns {"class", "confidence", "fields"}.
  Result<nlohmann::json> Extract(const std::string& path);

 private:
  Result<StageHandler*> Handler(const std::string& stage);
  const Config& config_;
  std::map<std::string, std::unique_ptr<StageHandler>> handlers_;
};

}  // namespace docflow::cli
