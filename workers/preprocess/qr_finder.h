// A cheap test for QR codes on a page, before any decoder runs: the three
// finder patterns in a QR code's corners (a dark square ring around a dark
// square) cross every row and column through their centre as dark, light,
// dark, light, dark runs in the proportions 1:1:3:1:1. The rows of a binary
// page are scanned (every other row; all-white words skipped), each
// horizontal hit is confirmed by the same proportions down its column, and
// hits are merged into centres. A page "may have a QR code" when three
// centres agree in module size and lie at least a code's width apart, as a
// code's three corners do. Text rarely makes one such cross, almost never
// three that agree: on ordinary pages this answers "no" in a few
// milliseconds, where a decoder's own locator takes hundreds.
//
// Thread safety: reentrant.
#pragma once

#include <leptonica/allheaders.h>

#include <vector>

namespace docflow {

struct FinderPattern {
  double x = 0, y = 0;  // centre, in pixels
  double module = 0;    // module size (one seventh of the pattern), in pixels
  int hits = 0;         // rows that crossed it
};

// Finder-pattern centres on a 1-bpp image (1 = dark), scanning every
// row_step-th row.
std::vector<FinderPattern> FindQrFinderPatterns(PIX* binary, int row_step = 2);

// True when three of the patterns can be the corners of one QR code.
bool MayHaveQrCode(const std::vector<FinderPattern>& patterns);

// Both, on any image Leptonica can make 8-bit gray (thresholded at the
// middle of its ink/paper split). False when the image cannot be read.
bool MayHaveQrCode(PIX* pix);

// Where the codes whose corners MayHaveQrCode saw lie: for each three
// patterns that agree, the box (x, y, w, h, clipped to the image) around
// them and the fourth corner they imply, padded by 8 modules (half a
// pattern and the quiet zone). At most `max_regions`, most-crossed first;
// empty when MayHaveQrCode(pix) is false.
struct QrRegion {
  int x = 0, y = 0, w = 0, h = 0;
};
std::vector<QrRegion> QrCodeRegions(PIX* pix, size_t max_regions = 3);

}  // namespace docflow
