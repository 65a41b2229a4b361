// The pages of a TIFF file, read from memory.
//
// Gray scans (8 bits, one sample, strips, top-left orientation) are read a
// whole strip at a time: libtiff then inflates with libdeflate, where
// Leptonica's reader asks for one row at a time and libtiff falls back to
// zlib (an A4 page at 300 dpi with a predictor: ~22 ms instead of ~45 ms).
// The result is the page Leptonica reads, pixel for pixel, with the same
// resolution (tiff_pages_test.cc). Every other kind of page (1-bit fax
// pages, colour, palettes, tiles, other orientations) is read by Leptonica.
//
// Thread safety: reentrant (each reader has its own libtiff handle).
#pragma once

#include <memory>
#include <string_view>
#include <utility>

#include "workers/preprocess/image_enhance.h"

struct tiff;  // libtiff's TIFF

namespace docflow {

class TiffPages {
 public:
  // bytes must outlive the reader. Pages of more than max_pixels are not
  // decoded (too_large()).
  TiffPages(std::string_view bytes, long long max_pixels);
  ~TiffPages();
  TiffPages(const TiffPages&) = delete;
  TiffPages& operator=(const TiffPages&) = delete;

  // The next page, or nullptr at the end, for a page larger than
  // max_pixels, or when the page cannot be decoded (at_end() and
  // too_large() tell which). fast(): the page was read by the strip reader.
  PixPtr Next();
  // Moves past the next page without decoding it (a page whose directory
  // only Leptonica reads is decoded and dropped). at_end() tells whether
  // there was one.
  void Skip();
  bool at_end() const { return at_end_; }
  bool fast() const { return fast_; }
  // The size of the page refused for its size (width, height), else {0, 0}.
  std::pair<long long, long long> too_large() const { return too_large_; }

 private:
  struct Stream;
  // Moves to the next directory; nullptr when libtiff cannot read it (the
  // page is then Leptonica's) or at the end (at_end_).
  ::tiff* Advance();
  PixPtr Decode(::tiff* tif);
  std::unique_ptr<Stream> stream_;
  long long max_pixels_;
  bool started_ = false, at_end_ = false, fast_ = false;
  std::pair<long long, long long> too_large_{0, 0};
  size_t next_offset_ = 0;  // Leptonica's offset of the next directory (0: none)
};

}  // namespace docflow
