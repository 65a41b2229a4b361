// Light text on dark bands: a card's coloured header with the company in
// white, a table's dark header row. Tesseract reads dark text on light
// paper; it reads such a band as a picture or as garbage. Each band found is
// inverted in place, so its text becomes dark on light like the rest.
//
// A band is a solid dark region (what stays dark when the binary page is
// reduced 4x keeping only solid 2x2 blocks, twice) at least a quarter of the
// page wide, 24 px high and 1.5 % of the page, at least 55 %
// dark within its box, that holds at least three light holes shaped like
// glyphs (not touching the band's edge) at least 90 gray levels lighter on
// average than the band. Rules, dark borders, photos and logos without
// lettering have no such holes, and the shadowed side of a photographed
// page is only a shade darker than its paper: all are left alone. What is
// inverted is the band's dark pixels and the letter-sized light areas in
// it, never a larger light area it encloses (a card on a dark desk that
// merges with the card's header band).
//
// Thread safety: reentrant. Cost: a threshold, a reduction and connected
// components on the reduced page (a few ms on an A4 page at 300 dpi).
#pragma once

#include <leptonica/allheaders.h>

#include <nlohmann/json.hpp>

namespace docflow {

// A light component of w x h pixels inside something dark `within_h` high
// is shaped like a letter: at least min_h high and at most 90 % of
// within_h, no wider than three heights and no thinner than an eighth of
// one. Shared with the document crop's test for lettering outside a quad.
inline bool LetterShaped(int w, int h, int min_h, int within_h) {
  return h >= min_h && h * 10 <= within_h * 9 && w <= 3 * h && 8 * w >= h;
}

// gray: 8 bpp, changed in place. thresh: the page's ink/paper threshold.
// Returns the number of bands inverted; each one's box (x, y, w, h), glyph
// count and contrast are appended to `record` (a JSON array).
int InvertDarkBands(PIX* gray, int thresh, nlohmann::json& record);

}  // namespace docflow
