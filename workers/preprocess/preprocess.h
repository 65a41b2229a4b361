// Preprocess stage: turns a file's bytes into pages.
//  - the type is sniffed from content (libmagic), never from a file name;
//  - PDF: pages with a usable text layer keep their text (source
//    "text-layer"); pages without one are rasterized with Poppler at
//    options.raster_dpi (source "image", PNG bytes in Page::image);
//  - PNG / JPEG / TIFF (multi-page too) / BMP / GIF / WebP: one "image" page each;
//  - anything else: a permanent Error "unsupported type: <mime>".
// Corrupt, encrypted, empty and oversized inputs are permanent Errors with a
// clear message; nothing here throws.
//
// Thread safety: Preprocess may be called from several threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/document_model.h"
#include "common/result.h"

namespace docflow {

struct PreprocessOptions {
  int raster_dpi = 300;
  int max_pages = 200;                   // more pages: permanent error
  long long max_pixels_per_page = 12000LL * 12000LL;
  int min_text_chars = 20;               // a text layer shorter than this counts as absent
};

struct PreprocessOutput {
  std::string mime;         // sniffed MIME type, e.g. application/pdf
  std::vector<Page> pages;  // index 0..n-1
};

// Returns the MIME type libmagic finds in bytes ("application/x-empty" for none).
std::string SniffMime(std::string_view bytes);

Result<PreprocessOutput> Preprocess(std::string_view bytes, const PreprocessOptions& options);

}  // namespace docflow
