// Mixed PDF pages: merging the text layer with what OCR read in the page's
// images (see workers/preprocess/image_text_probe.h).
//
// MergeLayerWords(page): page.words holds the OCR words and page.layer_words
// the text layer's, both in pixels of the page image. An OCR word whose box
// centre lies in a (slightly padded) layer word is dropped: where both read
// the same ink, the layer is exact. The rest join the layer's words, ordered
// as lines top to bottom (words sharing most of their height make a line)
// and left to right within a line; block and line numbers are renumbered, a
// new block where the gap between lines exceeds 1.5 line heights. page.text
// is rebuilt from the words, mean_confidence is the character-weighted mean,
// layer_words is emptied. Returns how many OCR words were added.
//
// Thread safety: reentrant.
#pragma once

#include "common/document_model.h"

namespace docflow {

int MergeLayerWords(Page& page);

}  // namespace docflow
