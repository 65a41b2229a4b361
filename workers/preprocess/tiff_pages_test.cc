// TIFF pages read by the strip reader equal Leptonica's reading, pixel for
// pixel and in resolution; other pages are Leptonica's (tiff_pages.h).
#include "workers/preprocess/tiff_pages.h"

#include <gtest/gtest.h>
#include <tiffio.h>

#include <cstdio>
#include <string>
#include <vector>

namespace docflow {
namespace {

// A gray page whose values vary along both axes (so a row or a byte out of
// place shows), width not a multiple of 4 (rows end in padding).
PixPtr GrayPage(int w, int h, int seed) {
  PixPtr p(pixCreate(w, h, 8));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) pixSetPixel(p.get(), x, y, static_cast<l_uint32>((x * 7 + y * 13 + seed) % 256));
  }
  return p;
}

// The bytes of a file written by a test.
std::string FileBytes(const std::string& path) {
  size_t size = 0;
  l_uint8* data = l_binaryRead(path.c_str(), &size);
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

// Pages written by Leptonica into one multi-page TIFF.
std::string LeptonicaTiff(const std::vector<PIX*>& pages, l_int32 comp) {
  std::string path = ::testing::TempDir() + "tiff_pages_test.tif";
  std::remove(path.c_str());
  for (size_t i = 0; i < pages.size(); ++i) {
    EXPECT_EQ(pixWriteTiff(path.c_str(), pages[i], comp, i == 0 ? "w" : "a"), 0);
  }
  return FileBytes(path);
}

// A gray page written by libtiff with a horizontal predictor, deflate and
// several strips (a scanner's usual file), resolution in centimetres.
std::string PredictorTiff(PIX* page, float res_cm) {
  std::string path = ::testing::TempDir() + "tiff_pages_pred.tif";
  TIFF* t = TIFFOpen(path.c_str(), "w");
  const int w = pixGetWidth(page), h = pixGetHeight(page);
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
  TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
  TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 37);
  TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
  TIFFSetField(t, TIFFTAG_XRESOLUTION, res_cm);
  TIFFSetField(t, TIFFTAG_YRESOLUTION, res_cm);
  std::vector<unsigned char> row(w);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      l_uint32 v = 0;
      pixGetPixel(page, x, y, &v);
      row[x] = static_cast<unsigned char>(v);
    }
    TIFFWriteScanline(t, row.data(), y, 0);
  }
  TIFFClose(t);
  return FileBytes(path);
}

// Every page of `bytes` through TiffPages and through Leptonica alone.
void ExpectSameAsLeptonica(const std::string& bytes, size_t pages, bool fast) {
  TiffPages reader(bytes, 1LL << 30);
  size_t offset = 0, n = 0;
  while (true) {
    PixPtr mine = reader.Next();
    if (!mine) {
      EXPECT_TRUE(reader.at_end());
      break;
    }
    ++n;
    EXPECT_EQ(reader.fast(), fast) << "page " << n;
    PixPtr theirs(pixReadMemFromMultipageTiff(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), &offset));
    ASSERT_TRUE(theirs) << "page " << n;
    l_int32 same = 0;
    pixEqual(mine.get(), theirs.get(), &same);
    EXPECT_TRUE(same) << "page " << n;
    EXPECT_EQ(pixGetDepth(mine.get()), pixGetDepth(theirs.get()));
    EXPECT_EQ(pixGetXRes(mine.get()), pixGetXRes(theirs.get())) << "page " << n;
    EXPECT_EQ(pixGetYRes(mine.get()), pixGetYRes(theirs.get())) << "page " << n;
  }
  EXPECT_EQ(n, pages);
}

TEST(TiffPages, GrayPagesEqualLeptonicasReading) {
  PixPtr a = GrayPage(301, 207, 0), b = GrayPage(640, 97, 91);
  pixSetResolution(a.get(), 300, 300);
  pixSetResolution(b.get(), 150, 200);
  for (l_int32 comp : {IFF_TIFF, IFF_TIFF_ZIP, IFF_TIFF_LZW, IFF_TIFF_PACKBITS}) {
    SCOPED_TRACE(comp);
    ExpectSameAsLeptonica(LeptonicaTiff({a.get(), b.get()}, comp), 2, true);
  }
  ExpectSameAsLeptonica(PredictorTiff(a.get(), 118.11f), 1, true);  // 300 dpi in cm
}

TEST(TiffPages, OtherPagesAreLeptonicas) {
  PixPtr gray = GrayPage(301, 207, 5);
  PixPtr bin(pixThresholdToBinary(gray.get(), 128));
  PixPtr rgb(pixConvertTo32(gray.get()));
  ExpectSameAsLeptonica(LeptonicaTiff({bin.get()}, IFF_TIFF_G4), 1, false);
  ExpectSameAsLeptonica(LeptonicaTiff({rgb.get()}, IFF_TIFF_ZIP), 1, false);
  // Mixed: a fax page between two gray ones.
  std::string path = ::testing::TempDir() + "tiff_pages_mixed.tif";
  std::remove(path.c_str());
  pixWriteTiff(path.c_str(), gray.get(), IFF_TIFF_ZIP, "w");
  pixWriteTiff(path.c_str(), bin.get(), IFF_TIFF_G4, "a");
  pixWriteTiff(path.c_str(), gray.get(), IFF_TIFF_ZIP, "a");
  const std::string bytes = FileBytes(path);
  TiffPages reader(bytes, 1LL << 30);
  std::vector<bool> fast;
  while (PixPtr p = reader.Next()) fast.push_back(reader.fast());
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(fast, (std::vector<bool>{true, false, true}));

  // Skipping pages without decoding them reaches the same pages.
  TiffPages skipping(bytes, 1LL << 30);
  skipping.Skip();
  EXPECT_FALSE(skipping.at_end());
  PixPtr second = skipping.Next();
  ASSERT_TRUE(second);
  EXPECT_EQ(pixGetDepth(second.get()), 1);
  skipping.Skip();
  EXPECT_FALSE(skipping.at_end());
  EXPECT_FALSE(skipping.Next());
  EXPECT_TRUE(skipping.at_end());
  TiffPages third(bytes, 1LL << 30);
  third.Skip();
  third.Skip();
  PixPtr last = third.Next();
  ASSERT_TRUE(last);
  EXPECT_TRUE(third.fast());
  l_int32 same = 0;
  pixEqual(last.get(), gray.get(), &same);
  EXPECT_TRUE(same);
}

TEST(TiffPages, LargePagesAndBrokenFilesAreRefused) {
  PixPtr page = GrayPage(400, 300, 1);
  std::string bytes = LeptonicaTiff({page.get()}, IFF_TIFF_ZIP);
  TiffPages small_limit(bytes, 400 * 300 - 1);
  EXPECT_FALSE(small_limit.Next());
  EXPECT_FALSE(small_limit.at_end());
  EXPECT_EQ(small_limit.too_large(), (std::pair<long long, long long>{400, 300}));
  // Cut short inside the image data: no page, and not "the end".
  TiffPages cut(std::string_view(bytes).substr(0, bytes.size() / 3), 1LL << 30);
  EXPECT_FALSE(cut.Next());
  EXPECT_FALSE(cut.at_end());
  TiffPages garbage("II*\0garbage, not a TIFF", 1LL << 30);
  EXPECT_FALSE(garbage.Next());
  EXPECT_FALSE(garbage.at_end());
}

}  // namespace
}  // namespace docflow
