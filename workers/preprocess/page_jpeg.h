// Scanned PDF pages read from their own JPEG: a page whose whole content is
// one JPEG image drawn over the whole page (what scanners, phone apps,
// img2pdf and Pillow write) is decoded directly and placed on the raster
// the way Poppler would (page_raster.h) instead of being rendered.
//
// Why: Poppler renders such a page by decoding the JPEG and resampling it to
// 300 dpi, 140-480 ms a page, more than OCR takes on a sparse page; the JPEG
// decodes in about 10-20 ms. The raster is the same, pixel for pixel, as
// Poppler's (page_raster_test.cc), so OCR reads exactly what it read before.
// (An earlier version resampled with Leptonica: its pixels differed and
// invoice F1 on the derived 150-dpi scans fell from 0.9523 to 0.9134.)
//
// A page qualifies only when drawing the JPEG is all it does, so that the
// decoded image is exactly what a rendering would show:
//  - the page content holds only q, Q, cm and a single Do of an image
//    XObject (no text, paths, shadings, inline images, graphics states);
//  - that image is drawn upright (no turn, shear or mirror), over the crop
//    box (each edge within 1 % of the page's size), with square pixels (the
//    two resolutions within 2 %);
//  - the image is /DCTDecode alone, 8 bits, DeviceGray or DeviceRGB, with no
//    /Decode, /Mask, /SMask or /ColorTransform parameter;
//  - the page has no /Rotate, no /UserUnit and no annotations.
// Anything else (and any page of a file qpdf cannot read) is rendered.
//
// Thread safety: reentrant (no shared state). Never throws (qpdf's
// exceptions are caught here).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docflow {

struct PageJpeg {
  std::string jpeg;  // the JPEG file, as stored in the PDF
  int width = 0;     // pixels, from the image dictionary
  int height = 0;
  int dpi = 0;       // the image's resolution on the page (mean of x and y)
  bool rgb = false;  // DeviceRGB, else DeviceGray
  // The geometry as Poppler reads it (numbers parsed digit by digit as its
  // lexer does), from which page_raster.h places the image: the crop box
  // clipped to the media box (x1 y1 x2 y2, ordered) and the cm matrices in
  // force when the image is drawn, outermost first.
  std::array<double, 4> crop{};
  std::vector<std::array<double, 6>> cms;
};

// Per page, in page order: the page's JPEG when wanted[page] and the page
// qualifies (see above), std::nullopt otherwise (pages past wanted's end are
// not wanted). Empty when qpdf cannot read the file. max_pixels: a larger
// image is left to the renderer (which reports it).
std::vector<std::optional<PageJpeg>> PdfPageJpegs(std::string_view pdf_bytes, const std::vector<bool>& wanted,
                                                  long long max_pixels);

}  // namespace docflow
