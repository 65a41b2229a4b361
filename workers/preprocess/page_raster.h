// The raster Poppler's Splash renderer (poppler-cpp, gray8, no /Rotate)
// makes of a page that only draws one image (page_image.h), computed from
// the decoded image instead: the same pixels, in a tenth of the time.
//
// What Splash does, and what is reproduced here:
//  - the raster is round(k (x2 - x1)) x round(k (y2 - y1)) pixels of white
//    paper for the crop box, k = dpi / 72;
//  - the device matrix is the page's (k 0 0 -k -k x1 k y2) with each cm
//    concatenated onto it in order, in Poppler's operation order; the image
//    lands on [floor(e), floor(e + a) + 1) x [floor(f), floor(f + d) + 1),
//    which may start a pixel above or left of the raster when a cm written
//    with fewer digits than the box ends a hair past it;
//  - RGB samples become gray as Poppler's DeviceRGB does (0.3, 0.59, 0.11 in
//    16.16 fixed point, each component first truncated to fixed point);
//  - enlarging by less than 4x is bilinear: each source row is expanded
//    across (positions stepping by srcW / scaledW from 0), output rows step
//    by srcH / scaledH from 0 and blend the two expanded rows around them
//    (the last row repeated past the end);
//  - a soft mask is expanded the same way onto its own raster, and each
//    pixel is the image's value blended over the white paper by the mask's:
//    (a c + (255 - a) 255) / 255 in Splash's integer division.
// Other cases (reducing, enlarging 4x or more, where Splash samples
// differently; a turned or mirrored matrix) return nullptr: the page is then
// rendered. preprocess_test.cc (PageRaster.*) checks the equality against
// Poppler itself.
//
// Result: an 8-bpp PIX, or nullptr as above, or when `decoded_jpeg` is not
// 8-bpp gray (rgb false) or 32-bpp RGB (rgb true) of the image's size, or
// when the samples or the mask do not hold width x height pixels.
// `decoded_jpeg` is borrowed. Thread safety: reentrant.
#pragma once

#include "workers/preprocess/image_enhance.h"  // PixPtr
#include "workers/preprocess/page_image.h"

namespace docflow {

// A kJpeg image, from its decoded JPEG (the image's alpha, if any, applies).
PixPtr PageRaster(PIX* decoded_jpeg, const PageImage& image, int dpi);
// A kSamples image, from image.data.
PixPtr PageRaster(const PageImage& image, int dpi);

}  // namespace docflow
