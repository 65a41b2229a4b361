// Preprocess stage: turns a file's bytes into pages.
//  - the type is sniffed from content (libmagic), never from a file name;
//  - PDF, page by page: a page with a usable text layer keeps its text
//    (source "text-layer"); a page without one, or whose layer is garbage
//    (broken font encodings: mostly unmapped glyphs), is rasterized with
//    Poppler at options.raster_dpi (source "image", encoded image in
//    Page::image); a text-layer page that also shows text in images (a
//    pasted screenshot, a scanned stamp) is a "mixed" page: rendered too,
//    with the layer's words in Page::layer_words and the regions to read in
//    preprocess["image_text"]["ocr_regions"] (image_text_probe.h), merged
//    after OCR (workers/ocr/layer_merge.h). Pages needing a rendering are
//    rendered and cleaned up on options.threads threads;
//  - PNG / JPEG / TIFF (multi-page too, its pages on options.threads
//    threads) / BMP / GIF / WebP: one "image" page each;
//  - contact cards in text form (vCard 2.1-4.0, jCard, xCard): one
//    "text-layer" page holding the card's text exactly (CRLF made LF);
//  - anything else: a permanent Error "unsupported type: <mime>".
// Corrupt, encrypted, empty and oversized inputs are permanent Errors with a
// clear message; nothing here throws.
//
// Details of the output:
//  - "text-layer" pages: text is Poppler's physical-layout text (columns stay
//    side by side, so "Total    120.00" stays on one line); words come from
//    page->text_list() with confidence 100. Coordinates are PDF points:
//    dpi = 72, width/height = page size in points (after /Rotate), boxes
//    top-left origin. Line numbers (1-based, running across the page) and
//    block numbers are inferred from the geometry. A text layer counts as
//    usable when it has >= min_text_chars non-blank characters, at least half
//    of them letters/digits, and under 5 % U+FFFD / private-use / control.
//  - "image" pages: 8-bit gray (1-bit when the source is 1-bit and nothing
//    changed), encoded as PNG (options.page_format kPng; kRaw for in-process
//    runs), dpi in Page::dpi; width/height in pixels. PDFs are rendered at
//    raster_dpi (page /Rotate honoured). Raster files keep their own dpi when
//    plausible (70..2400 and a page no longer than 17.5 in), else 300. Each
//    page goes through EnhancePage (image_enhance.h): clean-up, orientation
//    (0/90/180/270), deskew, x-height rescale - except mixed pages, whose
//    rendering must stay aligned with their text layer. EXIF orientation of
//    JPEGs is not applied (the orientation step finds upside-down and
//    sideways pages from the text itself).
//  - Page::preprocess records the steps: mime, dpi / dpi_source or
//    rendered_dpi and render_ms, text_layer_chars, text_layer_rejected,
//    image_text {glyphs, rows, ms, ocr_regions}, analysis, cleanup,
//    orientation, deskew, rescale (image_enhance.h), bpp, image_bytes,
//    image_format, ms (whole page).
//
// Thread safety: Preprocess may be called from several threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/document_model.h"
#include "common/result.h"
#include "workers/preprocess/image_enhance.h"

namespace docflow {

// How image pages are handed to the OCR stage: PNG (compressed, the wire and
// blob-store format) or Leptonica's uncompressed serialisation (in-process
// runs, where nothing is stored or sent: no encode/decode cost).
enum class PageImageFormat { kPng, kRaw };

struct PreprocessOptions {
  int raster_dpi = 300;
  int max_pages = 200;                   // more pages: permanent error
  long long max_pixels_per_page = 12000LL * 12000LL;
  int min_text_chars = 20;               // a text layer shorter than this counts as absent
  bool enhance = true;                   // orientation, deskew, rescale, clean-up (image_enhance.h)
  bool detect_image_text = true;         // text-layer pages: look for text in images (image_text_probe.h)
  bool page_images = true;               // scanned pages decoded from their own image (page_image.h):
                                         // the same raster as Poppler's, several times faster
  int threads = 1;                       // PDF and TIFF pages decoded and cleaned up in parallel
  PageImageFormat page_format = PageImageFormat::kPng;
  EnhanceOptions enhance_options;        // max_pixels is taken from max_pixels_per_page
};

struct PreprocessOutput {
  std::string mime;         // sniffed MIME type, e.g. application/pdf
  std::vector<Page> pages;  // index 0..n-1
  // PDF only: XML attachments (structured invoices), see embedded_files.h.
  std::vector<EmbeddedFile> embedded;
};

// Returns the MIME type libmagic finds in bytes ("application/x-empty" for none).
std::string SniffMime(std::string_view bytes);

// True for contact cards in text form, which are read exactly, never
// rendered or OCR'd: vCard 2.1-4.0 (text/vcard, or any text starting with
// BEGIN:VCARD), jCard (JSON starting with ["vcard") and xCard (XML in the
// vCard 4.0 namespace). `mime` is SniffMime's answer for `bytes`.
bool IsContactCardText(const std::string& mime, std::string_view bytes);

Result<PreprocessOutput> Preprocess(std::string_view bytes, const PreprocessOptions& options);

}  // namespace docflow
