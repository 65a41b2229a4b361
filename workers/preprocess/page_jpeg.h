// Scanned PDF pages read from their own JPEG: a page whose whole content is
// one JPEG image drawn over the whole page (what scanners, phone apps,
// img2pdf and Pillow write) is decoded directly at the image's own
// resolution instead of being rendered by Poppler at raster_dpi.
//
// Why: Poppler renders such a page by decoding the JPEG and resampling it to
// 300 dpi, 140-480 ms a page, more than OCR takes on a sparse page; the JPEG
// decodes in about 10-20 ms, and the pixels OCR reads are the scanner's own
// rather than an interpolation of them.
//
// A page qualifies only when drawing the JPEG is all it does, so that the
// decoded image is exactly what a rendering would show:
//  - the page content holds only q, Q, cm and a single Do of an image
//    XObject (no text, paths, shadings, inline images, graphics states);
//  - that image is drawn upright (no turn, shear or mirror), over the crop
//    box (each edge within 1 % of the page's size), with square pixels (the
//    two resolutions within 2 %);
//  - the image is /DCTDecode alone, 8 bits, DeviceGray or DeviceRGB (or
//    ICCBased with 1 or 3 components), with no /Decode, /Mask, /SMask or
//    /ColorTransform parameter;
//  - the page has no /Rotate, no /UserUnit and no annotations.
// Anything else (and any page of a file qpdf cannot read) is rendered as
// before.
//
// Off by default (preprocess.page_jpegs): measured on the derived scan sets
// (bench/derived.sh), invoice F1 fell from 0.9955 to 0.9865 on 300-dpi-class
// scans and from 0.9523 to 0.9134 on 150-dpi scans (0.9898 / 0.9291 when
// read at the JPEG's own dpi), for preprocess 1609 -> 595 ms on a 3-page
// scan (298 ms unscaled). Rendering the same pages at 290 instead of 300 dpi
// also gave 0.9324 on the 150-dpi set: Tesseract's page segmentation of
// skewed low-resolution scans flips on tiny pixel changes, so most of the
// drop is that fragility rather than the JPEG path; until it is fixed the
// measured path stays the default.
//
// Thread safety: reentrant (no shared state). Never throws (qpdf's
// exceptions are caught here).
#pragma once

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
};

// Per page, in page order: the page's JPEG when wanted[page] and the page
// qualifies (see above), std::nullopt otherwise (pages past wanted's end are
// not wanted). Empty when qpdf cannot read the file. max_pixels: a larger
// image is left to the renderer (which reports it).
std::vector<std::optional<PageJpeg>> PdfPageJpegs(std::string_view pdf_bytes, const std::vector<bool>& wanted,
                                                  long long max_pixels);

}  // namespace docflow
