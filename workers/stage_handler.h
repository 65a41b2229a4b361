// The five stage handlers (one folder each under workers/) and the helpers
// they share to move pages in and out of a Payload. The same handlers run
// behind the broker (docflow worker) and in-process (docflow extract).
//
// Ownership: MakeStageHandler returns an owned handler. Thread safety: a
// handler is used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/document_model.h"
#include "pipeline/worker_runtime.h"

namespace docflow {

// Creates the handler for stage (preprocess|ocr|classify|extract|store).
// Error for an unknown stage, or when its engine cannot start (Tesseract
// language data missing, database unreachable for store).
Result<std::unique_ptr<StageHandler>> MakeStageHandler(const std::string& stage, const Config& config);

// Pages of payload.header["pages"], with image bytes taken from the blob
// frame each page names ("blob": k).
Result<std::vector<Page>> PagesFromPayload(const Payload& payload);
// Puts pages into payload.header["pages"]; with_images moves non-empty
// images into blob frames.
void PagesToPayload(const std::vector<Page>& pages, bool with_images, Payload& payload);

// Factories, one per stage folder.
std::unique_ptr<StageHandler> MakePreprocessStage(const Config& config);
Result<std::unique_ptr<StageHandler>> MakeOcrStage(const Config& config);
std::unique_ptr<StageHandler> MakeClassifyStage(const Config& config);
std::unique_ptr<StageHandler> MakeExtractStage(const Config& config);
Result<std::unique_ptr<StageHandler>> MakeStoreStage(const Config& config);

}  // namespace docflow
