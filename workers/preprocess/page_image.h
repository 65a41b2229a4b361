// Scanned PDF pages read from their own image: a page whose whole content
// is one image drawn over the whole page (what scanners, phone apps,
// img2pdf, Pillow and ImageMagick write) is decoded directly and placed on
// the raster the way Poppler would (page_raster.h) instead of being
// rendered.
//
// Why: Poppler renders such a page by decoding the image and resampling it
// to 300 dpi: 140-480 ms a page for a JPEG, about 440 ms for a 300-ppi
// Flate (PNG-like) RGB page, 60 ms for a small soft-masked one; more than
// OCR takes on a sparse page. A JPEG decodes in about 10-20 ms, a Flate
// page in about as much. The raster is the same, pixel for pixel, as
// Poppler's (page_raster_test in preprocess_test.cc), so OCR reads exactly
// what it read before. (An earlier version resampled with Leptonica: its
// pixels differed and invoice F1 on the derived 150-dpi scans fell from
// 0.9523 to 0.9134.)
//
// A page qualifies only when drawing the image is all it does, so that the
// decoded image is exactly what a rendering would show:
//  - the page content holds only q, Q, cm and a single Do of an image
//    XObject (no text, paths, shadings, inline images, graphics states);
//  - that image is drawn upright (no turn, shear or mirror), over the crop
//    box (each edge within 1 % of the page's size); its pixels need not be
//    square (a fax's 200 x 100 ppi);
//  - the image is 8 bits, DeviceGray or DeviceRGB, with no /Decode or /Mask;
//    either /DCTDecode alone (without /ColorTransform), or lossless filters
//    qpdf decodes itself (/FlateDecode with or without a PNG or TIFF
//    predictor, /LZWDecode, /ASCIIHexDecode, /ASCII85Decode, /RunLengthDecode
//    or none) whose samples come out at exactly width x height x components;
//  - a /SMask, when present, is an 8-bit DeviceGray image of the same size,
//    lossless as above, without /Matte or /Decode: Poppler then blends the
//    image over white paper by the mask's values, which page_raster.h does
//    the same way;
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

struct PageImage {
  enum class Encoding { kJpeg, kSamples };
  Encoding encoding = Encoding::kJpeg;
  // kJpeg: the JPEG file, as stored in the PDF. kSamples: the decoded
  // samples, rows top first, 1 (gray) or 3 (rgb) bytes a pixel, no padding
  // (empty until LoadPageImage).
  std::string data;
  bool soft_mask = false;  // the image has a soft mask (page_image.h)
  // The soft mask's decoded samples (width x height bytes, 255 = opaque),
  // empty until LoadPageImage, and when the image has none.
  std::string alpha;
  int object = 0, generation = 0;  // the image XObject, for LoadPageImage
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

  const char* encoding_name() const { return encoding == Encoding::kJpeg ? "jpeg" : "samples"; }
};

// Per page, in page order: the page's image when wanted[page] and the page
// qualifies (see above), std::nullopt otherwise (pages past wanted's end are
// not wanted). Empty when qpdf cannot read the file. max_pixels: a larger
// image is left to the renderer (which reports it).
// Samples are not decoded here, so that a long document's pages are not
// all held decoded at once: see LoadPageImage.
std::vector<std::optional<PageImage>> PdfPageImages(std::string_view pdf_bytes, const std::vector<bool>& wanted,
                                                    long long max_pixels);

// Decodes a kSamples image's samples into image.data, and a soft mask's
// into image.alpha (a JPEG's data is read by PdfPageImages). Returns false
// when a filter fails on the data, when the samples are not exactly
// width x height pixels, or when qpdf cannot read the file; the page is
// then rendered. Opens the file anew (qpdf's objects are not shared between
// threads), so pages load in parallel.
bool LoadPageImage(std::string_view pdf_bytes, PageImage& image);

}  // namespace docflow
