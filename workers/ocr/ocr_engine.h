// OCR stage engine: one Tesseract TessBaseAPI, initialised once and reused.
//
// Create() returns an Error when the language data cannot be loaded.
// Recognize() reads page.image (encoded PNG/any Leptonica-readable bytes) and
// fills page.text, page.words (boxes, confidences, block/line numbers) and
// page.mean_confidence, and sets page.source = "ocr". A page that already has
// a text layer (source "text-layer") is left unchanged.
//
// Words: boxes in pixels of the image as OCR'd (top-left origin), confidence
// 0-100 from Tesseract; block and line are 1-based counters of RIL_BLOCK /
// RIL_TEXTLINE starts (line numbers run across the whole page, not per block).
// page.width / height / dpi describe that image.
//
// Orientation: when Preprocess() could not decide a page's orientation
// (page.preprocess["orientation"]: "ask_osd" true, or without that key
// "certain" false) and options.osd is on,
// Tesseract OSD (osd.traineddata, a second TessBaseAPI created on first use)
// is asked; a confident answer (orientation != 0, confidence >= 6) turns the
// image by quarter turns before recognition. The turn is recorded as
// page.preprocess["ocr"]["rotation_deg"] (clockwise, applied to page.image):
// word boxes are in the turned image's coordinates. A quarter turn the
// preprocessor applied unsure ("certain" false) and OSD left alone is undone
// when the page as it came reads clearly more confidently; the layout
// re-reads below then apply to the reading kept.
//
// Layout: the configured page segmentation mode (default 3, automatic) reads
// the page first. With PSM 3 and options.layout_fallback, ink left outside
// every recognised word (Tesseract's own binary image, glyph-sized
// components) means a column was dropped - typical of receipts and price
// columns - and the page is read again with PSM 4 (one column of lines);
// the reading that covers more of the ink wins.
//
// Dates: with options.reread_dates, each date-shaped word is read twice
// more on its own and the three readings vote (date_reread.h).
//
// Region: when the preprocessor recorded a content box (the part of the page
// holding any ink) and no OSD turn moved it, only that box is read
// (cut out and read as an image of its own: through TessBaseAPI::SetRectangle
// Tesseract garbled whole cards); word boxes stay in page coordinates.
//
// Thresholding: pages whose background the preprocessor flattened
// (preprocess["cleanup"]["background_normalized"]: photos, shadows) are
// binarised by Tesseract's Sauvola method, others by its global Otsu.
//
// Mixed PDF pages (page.layer_words set): only
// preprocess["image_text"]["ocr_regions"] are read (a masked copy of the
// image), then the layer's words are merged in (layer_merge.h).
//
// page.preprocess["ocr"] records {ms, languages, psm, psm_used, thresholding,
// covered, uncovered, osd {...}, rotation_deg, fallback {...}, dates {...}, regions,
// layer_merge {...}}. DOCFLOW_TESSERACT_VARS="name=value,..." (measurements
// only) sets Tesseract variables at Create() and turns the per-page
// thresholding choice off. A timeout (options.timeout_ms, checked by Tesseract
// between words) is a permanent Error "OCR timed out after N ms on page K";
// an image over options.max_pixels is a permanent Error "page K too large
// for OCR: ..."; in both cases the page is left unchanged.
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
  bool osd = true;           // confirm uncertain orientations with Tesseract OSD
  bool layout_fallback = true;  // PSM 3 dropped text: read again with PSM 4
  bool reread_dates = true;     // date-shaped words read twice more on their own, voted (date_reread.h)
  long long max_pixels = 12000LL * 12000LL;  // larger page images fail
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
