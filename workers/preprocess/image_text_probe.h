// Image-text probe: does a PDF page that has a usable text layer also show
// text that the layer lacks (a pasted screenshot, a scanned stamp or
// signature block, text converted to curves)? Such a "mixed" page is OCR'd
// in the regions found, and the OCR words are merged with the layer's
// (workers/ocr/layer_merge.h).
//
// How: the page is rendered small (probe dpi, ~100), binarised, the text
// layer's word boxes are blanked out, and what ink remains is measured:
// components of glyph size that line up in rows of several are text the
// layer does not have. Rules, frames, logos without lettering, barcodes and
// dotted leaders are not glyph rows and do not count.
//
// Cost: ~10 ms a page, so the check is only made when the file holds an
// image at all (PdfMayHaveImages): a PDF without image XObjects cannot show
// text in images, and born-digital documents mostly have none.
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

struct ImageTextProbe {
  int glyphs = 0;            // glyph-sized components in rows outside the layer's words
  std::vector<Box> regions;  // one box per row found, in probe pixels; empty: none
};

// gray: the page rendered at `dpi` (8 bpp). layer_words: the text layer's
// words in PDF points (72 dpi, top-left origin, as Preprocess makes them).
ImageTextProbe ProbeImageText(PIX* gray, int dpi, const std::vector<Word>& layer_words);

}  // namespace docflow
