// Image-text probe: does a PDF page that has a usable text layer also show
// text that the layer lacks (a pasted screenshot, a scanned stamp or
// signature block, text converted to curves)? Such a "mixed" page is OCR'd
// in the regions found, and the OCR words are merged with the layer's
// (workers/ocr/layer_merge.h).
//
// How: the page is rendered small (72 dpi), binarised, the text
// layer's word boxes are blanked out, and what ink remains is measured:
// components of glyph size that line up in rows of several are text the
// layer does not have. Rules, frames, logos without lettering, barcodes and
// dotted leaders are not glyph rows and do not count.
//
// Cost: a rendering of the page (10 to several hundred ms for heavy vector
// pages), so the check is only made on pages that draw an image at least
// 48 x 12 pixels large (PdfMayHaveImages on the bytes, then
// PdfPagesWithImages): a page without one cannot show text in an image, and
// most born-digital pages have none.
//
// Thread safety: reentrant (no shared state).
#pragma once

#include <leptonica/allheaders.h>

#include <string_view>
#include <vector>

#include "common/document_model.h"

namespace docflow {

// True when the PDF bytes declare an image XObject (/Subtype /Image). Stream
// dictionaries are never inside compressed object streams, so a plain scan
// of the bytes finds every image XObject; inline images (BI ... EI, inside
// content streams, usually icons) are not seen.
bool PdfMayHaveImages(std::string_view pdf_bytes);

// Per page (in page order), whether the page draws an image XObject of at
// least min_width x min_height pixels, directly or inside form XObjects
// (qpdf). Empty when the file cannot be read that way (then every page
// should be probed). Only pages that show an image can show text in one.
std::vector<bool> PdfPagesWithImages(std::string_view pdf_bytes, int min_width = 48, int min_height = 12);

struct ImageTextProbe {
  int glyphs = 0;            // glyph-sized components in rows outside the layer's words
  std::vector<Box> regions;  // one box per row found, in probe pixels; empty: none
};

// gray: the page rendered at `dpi` (8 bpp). layer_words: the text layer's
// words in PDF points (72 dpi, top-left origin, as Preprocess makes them).
ImageTextProbe ProbeImageText(PIX* gray, int dpi, const std::vector<Word>& layer_words);

}  // namespace docflow
