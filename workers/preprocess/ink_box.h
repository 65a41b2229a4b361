// The ink of a mostly blank page: a few lines on a 300-dpi scan, a card or a
// receipt laid on a flatbed. Every clean-up step costs in proportion to the
// page's pixels (an A4 page at 300 dpi is 8.7 Mpx), while OCR costs in
// proportion to its text: on such pages the clean-up of white paper took
// three times the OCR. Found first, cheaply, the box lets the clean-up run
// on the part that holds ink (image_enhance.h).
//
// The box is found on a copy reduced 4x by keeping each 4x4 block's darkest
// pixel (thin strokes survive; ~2 ms on an A4 page at 300 dpi): every pixel
// at least 48 levels darker than the paper (the copy's median) is ink.
// Faint ink lighter than that is not in the box; it is not lost, only left
// as it was (the caller pastes its result over the unchanged page).
//
// Thread safety: reentrant.
#pragma once

#include <leptonica/allheaders.h>

#include <optional>

namespace docflow {

struct InkBox {
  int x = 0, y = 0, w = 0, h = 0;  // in the page's pixels
  int paper = 0;                   // the paper's gray level (the reduced copy's median)
  double share = 0;                // w * h over the page's area
};

// gray: 8 bpp. pad: pixels added on each side of the ink. Each edge of the
// box keeps its distance to the page's edge a multiple of 32 px (the grid of
// Leptonica's reductions, so detectors answer on the box as on the page).
// Returns nothing when the page is smaller than 64 px either way, its paper
// is darker than 180 (photos, coloured paper: their clean-up needs the whole
// page), it holds no ink, or the padded box covers more than max_share of it.
std::optional<InkBox> FindSmallInkBox(PIX* gray, int pad, double max_share);

}  // namespace docflow
