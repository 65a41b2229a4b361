// Searchable PDF: a document's archive version, like OCRmyPDF makes — each
// OCR'd page is its page image with an invisible text layer on top, so that
// the text can be selected, searched and extracted (pdftotext) while the page
// looks exactly like the scan; pages that came from a PDF's own text layer
// are copied unchanged from the original PDF.
//
// Page by page, in the order given:
//  - source "ocr": a new page of the image's physical size
//    (width/dpi*72 x height/dpi*72 pt). The image (page.image: PNG or any
//    Leptonica-readable bytes) is drawn over the whole page: 1-bit images and
//    8-bit images holding only black and white as lossless CCITT G4; gray or
//    colour images as JPEG (options.jpeg_quality), unless lossless is
//    smaller - as it is for clean, born-digital-looking pages: then the
//    page's own PNG rows go in as they are (FlateDecode with PNG predictors,
//    no re-encoding) when page.image is an 8-bit gray or RGB PNG, else the
//    pixels deflated (tried only when a sample of rows promises a gain of
//    15 % or more over the JPEG). When the OCR stage
//    turned the page (page.preprocess["ocr"]["rotation_deg"]) and the image
//    is still in its original orientation, the image is turned the same way,
//    since the word boxes are in the turned image's pixels. Each word is drawn
//    in text render mode 3 (invisible) at its box, on the baseline of its
//    Tesseract line (words sharing block and line numbers), with the line's
//    height as font size, and scaled horizontally (Tz) to its box's width; a
//    space follows every word but the last of its line.
//  - source "text-layer": page number page.index + 1 of original_pdf,
//    copied with its resources, annotations and rotation.
//
// Unicode: one glyph-less TrueType font (Tesseract's pdf.ttf, found in
// options.tessdata_dir, $TESSDATA_PREFIX or the Debian tessdata directory)
// as a CIDFontType2 under a Type0 font with Identity-H encoding. Every
// distinct code point of the document gets its own CID (1, 2, ... in code
// point order) and the ToUnicode CMap maps each CID back to its code point,
// so accents, €, ligatures such as U+FB01 and characters outside the BMP all
// extract as written. Invalid UTF-8 becomes U+FFFD; control characters are
// dropped.
//
// The PDF is written by qpdf with object streams and a deterministic /ID, so
// the same pages give the same bytes (and sha256) on every run.
//
// Errors (all permanent, nothing partial is returned): no pages; an "ocr"
// page without image or with an image that cannot be decoded; a page of any
// other source than "ocr" / "text-layer"; a text-layer page without an
// original PDF, or whose page is not in it; an original that qpdf cannot
// read; the glyph-less font not found. Exceptions from qpdf are caught here.
//
// Thread safety: BuildSearchablePdf may be called from several threads at
// once (the font file is read once, under a lock).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/document_model.h"
#include "common/result.h"

namespace docflow {

struct SearchablePdfOptions {
  int jpeg_quality = 75;     // 1-100, for gray and colour page images
  std::string tessdata_dir;  // searched first for pdf.ttf (empty: skipped)
  std::string title;         // the PDF's /Title (UTF-8); empty: none
};

struct SearchablePdf {
  std::string bytes;  // the PDF file
  int pages = 0;      // pages written
  int ocr_pages = 0;  // of which image + invisible text
  int copied_pages = 0;  // of which copied from the original PDF
};

// Builds the searchable PDF of `pages`. original_pdf: the source file's
// bytes when it was a PDF (needed only for text-layer pages), else empty.
Result<SearchablePdf> BuildSearchablePdf(const std::vector<Page>& pages, std::string_view original_pdf,
                                         const SearchablePdfOptions& options = {});

// True when BuildSearchablePdf can make an archive of these pages: at least
// one page, and every page either OCR'd or a text-layer page of a PDF
// (has_original_pdf). A document read from a text file, for instance, has
// text-layer pages but no PDF to copy them from.
bool CanBuildSearchablePdf(const std::vector<Page>& pages, bool has_original_pdf);

}  // namespace docflow
