// OCR stage engine: one Tesseract TessBaseAPI, initialised once and reused.
//
// Create() returns an Error when the language data cannot be loaded.
// Recognize() reads page.image (encoded PNG/any Leptonica-readable bytes) and
// fills page.text, page.words (boxes, confidences, block/line numbers) and
// page.mean_confidence, and sets page.source = "ocr". A page that already has
// a text layer (source "text-layer") is left unchanged.
//
// Words: boxes in image pixels (top-left origin), confidence 0-100 from
// Tesseract; block and line are 1-based counters of RIL_BLOCK / RIL_TEXTLINE
// starts (line numbers run across the whole page, not per block).
// page.preprocess["ocr"] records {ms, languages, psm}. A timeout
// (options.timeout_ms, checked by Tesseract between words) is a permanent
// Error "OCR timed out after N ms on page K"; the page is left unchanged.
//
// Thread safety: an OcrEngine is NOT thread-safe; use one per thread/process.
// The process should set OMP_THREAD_LIMIT=1 before Create() (see
// SetSingleThreadedOcr()). libgomp reads that variable only when it is loaded,
// before main(), so setting it at run time does not by itself reach
// Tesseract; when OMP_THREAD_LIMIT is "1", SetSingleThreadedOcr() and
// Recognize() therefore also switch OpenMP parallel regions off for the
// calling thread (omp_set_max_active_levels(0)).
#pragma once

#include <memory>
#include <string>

#include "common/document_model.h"
#include "common/result.h"

namespace docflow {

struct OcrOptions {
  std::string languages = "eng+fra";
  std::string tessdata_dir;  // empty: Tesseract's default
  int page_seg_mode = 3;     // PSM_AUTO
  int timeout_ms = 120000;   // per page
};

// Sets OMP_THREAD_LIMIT=1 unless the environment already sets it.
void SetSingleThreadedOcr();

class OcrEngine {
 public:
  static Result<std::unique_ptr<OcrEngine>> Create(const OcrOptions& options);
  virtual ~OcrEngine() = default;
  virtual Status Recognize(Page& page) = 0;
};

}  // namespace docflow
