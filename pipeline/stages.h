// The job state machine (see ARCHITECTURE.md):
//
//   queued -> preprocessing -> ocr -> classifying -> extracting -> storing -> done
//                   \____________\________\______________\____________\--> failed
//
// A job's state names the stage it is in, waiting or running (running when
// it holds a lease). `queued` is preprocessing before its first dispatch.
// The ocr state is skipped when no page needs OCR.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace docflow {

// The stage that works on a job in `state` ("" for done/failed/unknown).
std::string StageForState(std::string_view state);
// The state a job is in while `stage` works on it.
std::string StateForStage(std::string_view stage);
// The stage after `stage` ("" after store).
std::string NextStage(std::string_view stage);
bool IsKnownStage(std::string_view stage);
bool IsTerminalState(std::string_view state);

}  // namespace docflow
