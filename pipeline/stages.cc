#include "pipeline/stages.h"

#include "pipeline/protocol.h"

namespace docflow {

namespace {
struct Row {
  std::string_view stage, state;
};
constexpr Row kTable[] = {{"preprocess", "preprocessing"},
                          {"ocr", "ocr"},
                          {"classify", "classifying"},
                          {"extract", "extracting"},
                          {"store", "storing"}};
}  // namespace

std::string StageForState(std::string_view state) {
  if (state == "queued") return "preprocess";
  for (const auto& r : kTable)
    if (r.state == state) return std::string(r.stage);
  return "";
}

std::string StateForStage(std::string_view stage) {
  for (const auto& r : kTable)
    if (r.stage == stage) return std::string(r.state);
  return "";
}

std::string NextStage(std::string_view stage) {
  for (size_t i = 0; i + 1 < protocol::kStages.size(); ++i)
    if (protocol::kStages[i] == stage) return std::string(protocol::kStages[i + 1]);
  return "";
}

bool IsKnownStage(std::string_view stage) { return !StateForStage(stage).empty(); }

bool IsTerminalState(std::string_view state) { return state == "done" || state == "failed"; }

}  // namespace docflow
