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
#include "workers/ocr/searchable_pdf.h"

namespace docflow::cli {

// What ReadWithArchive returns: Read's payload, the document's searchable
// PDF, and the time building the PDF took.
struct ReadWithPdf {
  Payload pages;
  SearchablePdf pdf;
  double pdf_ms = 0;
};

class LocalPipeline {
 public:
  // In-process, page images go from preprocess to OCR uncompressed
  // (preprocess.page_format raw): nothing is stored or sent, so PNG's
  // encode and decode would be pure cost.
  explicit LocalPipeline(const Config& config) : config_(config.With("preprocess.page_format", "raw")) {}

  // Runs preprocess and OCR; returns the ocr-stage payload (pages).
  Result<Payload> Read(const std::string& path);
  // Read, then the searchable PDF of the document (workers/ocr/searchable_pdf.h):
  // OCR'd pages from their preprocessed images (the OCR stage drops the
  // images, so they are kept from the preprocess result), text-layer pages
  // copied from the file when it is a PDF. Error when the file cannot be
  // read, or has no archive form (text-layer pages of a non-PDF), or the PDF
  // cannot be built.
  Result<ReadWithPdf> ReadWithArchive(const std::string& path);
  // Runs every stage up to extract; returns {"class", "confidence", "fields",
  // "stage_ms": {"preprocess", "ocr" (when a page was OCR'd), "classify",
  // "extract"}} (wall milliseconds of each stage in this process).
  Result<nlohmann::json> Extract(const std::string& path);

 private:
  Result<StageHandler*> Handler(const std::string& stage);
  // Read; also hands back the preprocess payload (with page images) and the
  // file's bytes when the pointers are set.
  Result<Payload> ReadImpl(const std::string& path, Payload* preprocessed, std::string* file);
  const Config config_;
  std::map<std::string, std::unique_ptr<StageHandler>> handlers_;
};

}  // namespace docflow::cli
