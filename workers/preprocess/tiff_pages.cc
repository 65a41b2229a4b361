// TIFF pages from memory; see tiff_pages.h.
#include "workers/preprocess/tiff_pages.h"

#include <tiffio.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace docflow {

// libtiff reads through these callbacks from the caller's bytes.
struct TiffPages::Stream {
  std::string_view bytes;
  toff_t pos = 0;
  TIFF* tif = nullptr;

  static tmsize_t Read(thandle_t h, void* buf, tmsize_t n) {
    auto* s = static_cast<Stream*>(h);
    if (s->pos >= s->bytes.size() || n <= 0) return 0;
    const size_t k = std::min<size_t>(static_cast<size_t>(n), s->bytes.size() - s->pos);
    std::memcpy(buf, s->bytes.data() + s->pos, k);
    s->pos += k;
    return static_cast<tmsize_t>(k);
  }
  static tmsize_t Write(thandle_t, void*, tmsize_t) { return -1; }
  static toff_t Seek(thandle_t h, toff_t off, int whence) {
    auto* s = static_cast<Stream*>(h);
    long double to = whence == SEEK_SET ? 0.0L : whence == SEEK_CUR ? s->pos : s->bytes.size();
    to += static_cast<long double>(static_cast<int64_t>(off));
    if (to < 0 || to > static_cast<long double>(std::numeric_limits<int64_t>::max())) return static_cast<toff_t>(-1);
    s->pos = static_cast<toff_t>(to);
    return s->pos;
  }
  static int Close(thandle_t) { return 0; }
  static toff_t Size(thandle_t h) { return static_cast<Stream*>(h)->bytes.size(); }
  static int Map(thandle_t h, void** base, toff_t* size) {
    auto* s = static_cast<Stream*>(h);
    *base = const_cast<char*>(s->bytes.data());
    *size = s->bytes.size();
    return 1;
  }
  static void Unmap(thandle_t, void*, toff_t) {}
};

namespace {

// Leptonica's resolution for a TIFF directory (getTiffResolution): the
// missing one of x and y copies the other, centimetres become inches, values
// are rounded; nothing for absurd values.
void SetResolution(TIFF* tif, PIX* pix) {
  float fx = 0, fy = 0;
  uint16_t unit = RESUNIT_INCH;
  TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
  const bool has_x = TIFFGetField(tif, TIFFTAG_XRESOLUTION, &fx) != 0;
  const bool has_y = TIFFGetField(tif, TIFFTAG_YRESOLUTION, &fy) != 0;
  if (!has_x && !has_y) return;
  if (!has_x) fx = fy;
  if (!has_y) fy = fx;
  if (fx != fx || fy != fy || fx < 0 || fy < 0 || fx > (1L << 29) || fy > (1L << 29)) return;
  if (unit == RESUNIT_CENTIMETER) {
    pixSetResolution(pix, static_cast<l_int32>(2.54 * fx + 0.5), static_cast<l_int32>(2.54 * fy + 0.5));
  } else {
    pixSetResolution(pix, static_cast<l_int32>(fx + 0.5), static_cast<l_int32>(fy + 0.5));
  }
}

// The current directory as an 8-bit gray PIX, when it is a plain gray page in
// strips; nullptr otherwise (or when a strip fails to decode).
PixPtr ReadGrayStrips(TIFF* tif) {
  uint32_t w = 0, h = 0, rows_per_strip = 0;
  uint16_t bps = 0, spp = 0, photometric = 0, planar = PLANARCONFIG_CONTIG, orientation = ORIENTATION_TOPLEFT;
  if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h)) return nullptr;
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &orientation);
  TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
  if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric)) return nullptr;
  if (bps != 8 || spp != 1 || photometric != PHOTOMETRIC_MINISBLACK || planar != PLANARCONFIG_CONTIG ||
      orientation != ORIENTATION_TOPLEFT || TIFFIsTiled(tif) || w == 0 || h == 0 || rows_per_strip == 0 ||
      w > (1u << 20) || h > (1u << 20)) {
    return nullptr;
  }
  PixPtr pix(pixCreate(static_cast<l_int32>(w), static_cast<l_int32>(h), 8));
  if (!pix) return nullptr;
  const uint32_t rows = std::min(rows_per_strip, h);
  const size_t strip_bytes = static_cast<size_t>(rows) * w;
  std::unique_ptr<unsigned char[]> buf(new unsigned char[strip_bytes]);
  const tstrip_t strips = TIFFNumberOfStrips(tif);
  const size_t wpl_bytes = static_cast<size_t>(pixGetWpl(pix.get())) * 4;
  auto* dst = reinterpret_cast<unsigned char*>(pixGetData(pix.get()));
  uint32_t y = 0;
  for (tstrip_t s = 0; s < strips && y < h; ++s) {
    const uint32_t n = std::min(rows, h - y);
    const tmsize_t want = static_cast<tmsize_t>(static_cast<size_t>(n) * w);
    if (TIFFReadEncodedStrip(tif, s, buf.get(), want) != want) return nullptr;
    for (uint32_t r = 0; r < n; ++r) std::memcpy(dst + (y + r) * wpl_bytes, buf.get() + static_cast<size_t>(r) * w, w);
    y += n;
  }
  if (y != h) return nullptr;
  pixEndianByteSwap(pix.get());  // bytes in image order -> Leptonica's words
  SetResolution(tif, pix.get());
  pixSetInputFormat(pix.get(), IFF_TIFF);
  return pix;
}

}  // namespace

TiffPages::TiffPages(std::string_view bytes, long long max_pixels)
    : stream_(std::make_unique<Stream>()), max_pixels_(max_pixels) {
  stream_->bytes = bytes;
  stream_->tif = TIFFClientOpen("page", "rm", stream_.get(), Stream::Read, Stream::Write, Stream::Seek,
                                Stream::Close, Stream::Size, Stream::Map, Stream::Unmap);
}

TiffPages::~TiffPages() {
  if (stream_->tif != nullptr) TIFFClose(stream_->tif);
}

TIFF* TiffPages::Advance() {
  fast_ = false;
  if (at_end_) return nullptr;
  TIFF* tif = stream_->tif;
  if (started_) {
    if (next_offset_ == 0) {
      at_end_ = true;
      return nullptr;
    }
    if (tif != nullptr && !TIFFSetSubDirectory(tif, next_offset_)) tif = nullptr;
  }
  started_ = true;
  return tif;
}

void TiffPages::Skip() {
  TIFF* tif = Advance();
  if (at_end_) return;
  if (tif == nullptr) {
    Decode(nullptr);  // a directory chain only Leptonica reads: decode to find the next page
    return;
  }
  next_offset_ = TIFFReadDirectory(tif) ? static_cast<size_t>(TIFFCurrentDirOffset(tif)) : 0;
}

PixPtr TiffPages::Next() {
  TIFF* tif = Advance();
  if (at_end_) return nullptr;
  return Decode(tif);
}

PixPtr TiffPages::Decode(TIFF* tif) {
  size_t offset = tif != nullptr ? static_cast<size_t>(TIFFCurrentDirOffset(tif)) : next_offset_;
  if (tif != nullptr) {
    uint32_t w = 0, h = 0;
    if (TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w) && TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h) &&
        static_cast<long long>(w) * h > max_pixels_) {
      too_large_ = {w, h};
      return nullptr;
    }
    if (PixPtr pix = ReadGrayStrips(tif)) {
      fast_ = true;
      next_offset_ = TIFFReadDirectory(tif) ? static_cast<size_t>(TIFFCurrentDirOffset(tif)) : 0;
      return pix;
    }
  }
  // Leptonica reads the page at this directory and names the next one.
  const auto* data = reinterpret_cast<const l_uint8*>(stream_->bytes.data());
  PixPtr pix(pixReadMemFromMultipageTiff(data, stream_->bytes.size(), &offset));
  next_offset_ = offset;
  return pix;
}

}  // namespace docflow
