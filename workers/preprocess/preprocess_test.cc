// Preprocess stage tests. Every input is built here (hand-written PDFs,
// OpenCV / Leptonica images); nothing is read from disk.
#include "workers/preprocess/preprocess.h"
#include "workers/preprocess/test_pdf.h"
#include "workers/preprocess/image_text_probe.h"
#include "workers/preprocess/image_enhance.h"
#include "workers/preprocess/page_image.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <chrono>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

namespace docflow {
namespace {

using test_pdf::MakePdf;

const char* kInvoiceStream =
    "BT /F1 14 Tf 72 770 Td (Invoice F-2024-001 Total 120.00 EUR) Tj ET\n"
    "BT /F1 14 Tf 72 740 Td (Customer ACME SARL, Paris) Tj ET";

// White 8-bit image with large black text lines.
cv::Mat TextImage(int w, int h, const std::vector<std::string>& lines) {
  cv::Mat img(h, w, CV_8UC1, cv::Scalar(255));
  int y = 200;
  for (const auto& l : lines) {
    cv::putText(img, l, cv::Point(150, y), cv::FONT_HERSHEY_SIMPLEX, 3.0, cv::Scalar(0), 6, cv::LINE_AA);
    y += 160;
  }
  return img;
}

std::string Encode(const cv::Mat& img, const std::string& ext) {
  std::vector<unsigned char> buf;
  EXPECT_TRUE(cv::imencode(ext, img, buf));
  return std::string(buf.begin(), buf.end());
}

PIX* ToPix(const cv::Mat& img) {
  std::string png = Encode(img, ".png");
  return pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size());
}

std::string PixBytes(PIX* pix, int format) {
  l_uint8* data = nullptr;
  size_t size = 0;
  EXPECT_EQ(pixWriteMem(&data, &size, pix, format), 0);
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

bool IsPng(const std::string& b) { return b.size() > 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0; }

cv::Mat DecodeGray(const std::string& png) {
  std::vector<unsigned char> buf(png.begin(), png.end());
  return cv::imdecode(buf, cv::IMREAD_GRAYSCALE);
}

void ExpectPermanent(const Result<PreprocessOutput>& r, const std::string& needle) {
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().retryable) << r.error().message;
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
}

TEST(SniffMime, KnownTypes) {
  EXPECT_EQ(SniffMime(""), "application/x-empty");
  EXPECT_EQ(SniffMime("hello world\n"), "text/plain");
  EXPECT_EQ(SniffMime(MakePdf({kInvoiceStream})), "application/pdf");
  EXPECT_EQ(SniffMime(Encode(TextImage(400, 300, {"A"}), ".png")), "image/png");
  EXPECT_EQ(SniffMime(Encode(TextImage(400, 300, {"A"}), ".jpg")), "image/jpeg");
}

TEST(Preprocess, BornDigitalPdfKeepsTextLayer) {
  auto r = Preprocess(MakePdf({kInvoiceStream}), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->mime, "application/pdf");
  ASSERT_EQ(r->pages.size(), 1u);
  const Page& p = r->pages[0];
  EXPECT_EQ(p.index, 0);
  EXPECT_EQ(p.source, "text-layer");
  EXPECT_NE(p.text.find("Invoice F-2024-001 Total 120.00 EUR"), std::string::npos) << p.text;
  EXPECT_NE(p.text.find("Customer ACME SARL, Paris"), std::string::npos) << p.text;
  EXPECT_LT(p.text.find("Invoice"), p.text.find("Customer"));
  EXPECT_EQ(p.mean_confidence, 100);
  EXPECT_TRUE(p.image.empty());
  EXPECT_EQ(p.dpi, 72);
  EXPECT_EQ(p.width, 595);
  EXPECT_EQ(p.height, 842);
  // Words from text_list(), in points with a top-left origin.
  ASSERT_GE(p.words.size(), 9u);
  EXPECT_EQ(p.words[0].text, "Invoice");
  EXPECT_NEAR(p.words[0].box.x, 72, 2);
  EXPECT_NEAR(p.words[0].box.y + p.words[0].box.h, 842 - 770, 6);  // baseline at y=770 from bottom
  EXPECT_GT(p.words[0].box.w, 20);
  bool found_number = false;
  int line_of_customer = 0;
  for (const auto& w : p.words) {
    if (w.text == "F-2024-001") {
      found_number = true;
      EXPECT_EQ(w.line, 1);
    }
    if (w.text == "Customer") line_of_customer = w.line;
    EXPECT_GE(w.block, 1);
  }
  EXPECT_TRUE(found_number);
  EXPECT_EQ(line_of_customer, 2);
  EXPECT_EQ(p.preprocess["mime"], "application/pdf");
  EXPECT_TRUE(p.preprocess.contains("ms"));
}

TEST(Preprocess, ImageOnlyPdfIsRasterized) {
  PreprocessOptions opt;
  auto r = Preprocess(MakePdf({""}), opt);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->pages.size(), 1u);
  const Page& p = r->pages[0];
  EXPECT_EQ(p.source, "image");
  EXPECT_EQ(p.dpi, 300);
  EXPECT_NEAR(p.width, 595 * 300 / 72, 2);
  EXPECT_NEAR(p.height, 842 * 300 / 72, 2);
  ASSERT_TRUE(IsPng(p.image));
  cv::Mat img = DecodeGray(p.image);
  EXPECT_EQ(img.cols, p.width);
  EXPECT_EQ(img.rows, p.height);
  EXPECT_EQ(p.preprocess["rendered_dpi"], 300);
  EXPECT_TRUE(p.text.empty());
}

TEST(Preprocess, ShortTextLayerCountsAsAbsent) {
  auto r = Preprocess(MakePdf({"BT /F1 12 Tf 72 40 Td (Page 2) Tj ET"}), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->pages.size(), 1u);
  EXPECT_EQ(r->pages[0].source, "image");
  EXPECT_EQ(r->pages[0].preprocess["text_layer_rejected"], true);
}

TEST(Preprocess, GarbageTextLayerCountsAsAbsent) {
  // Enough characters, but no letters or digits: a broken font encoding looks like this.
  auto r = Preprocess(MakePdf({"BT /F1 12 Tf 72 700 Td (!!!! #### $$$$ %%%% &&&& **** ++++ ////) Tj ET"}),
                      PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->pages[0].source, "image");
  EXPECT_EQ(r->pages[0].preprocess["text_layer_rejected"], true);
}

TEST(Preprocess, EncryptedPdfIsPermanentError) {
  ExpectPermanent(Preprocess(MakePdf({kInvoiceStream}, 0, true), PreprocessOptions{}),
                  "encrypted PDF: password required");
}

TEST(Preprocess, MixedPdfPages) {
  auto r = Preprocess(MakePdf({kInvoiceStream, "", kInvoiceStream}), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->pages.size(), 3u);
  EXPECT_EQ(r->pages[0].source, "text-layer");
  EXPECT_EQ(r->pages[1].source, "image");
  EXPECT_EQ(r->pages[2].source, "text-layer");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r->pages[i].index, i);
}

// A page with a text layer (two Helvetica lines) and a JPEG drawn in the band
// between them: lettering (a pasted screenshot) or a plain grey logo.
std::string MixedPdf(bool image_has_text) {
  cv::Mat img(130, 1100, CV_8UC1, cv::Scalar(255));
  if (image_has_text) {
    cv::putText(img, "Signed for approval by Jane Doe", cv::Point(20, 85), cv::FONT_HERSHEY_SIMPLEX, 1.6,
                cv::Scalar(0), 3, cv::LINE_AA);
  } else {
    cv::rectangle(img, cv::Rect(40, 20, 300, 90), cv::Scalar(90), cv::FILLED);
    cv::circle(img, cv::Point(600, 65), 50, cv::Scalar(40), cv::FILLED);
  }
  test_pdf::PdfPage page;
  page.content = "BT /F1 14 Tf 72 770 Td (Invoice F-2024-001 Total 120.00 EUR) Tj ET\n"
                 "BT /F1 14 Tf 72 640 Td (Customer ACME SARL, Paris) Tj ET";
  page.image = Encode(img, ".jpg");
  page.width = img.cols;
  page.height = img.rows;
  page.placement = "440 0 0 52 72 690";  // 440 x 52 pt, between the two lines
  return test_pdf::MakePdfWithImages({page});
}

TEST(Preprocess, TextInAnImageOfATextLayerPageIsFound) {
  auto r = Preprocess(MixedPdf(true), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->pages.size(), 1u);
  const Page& p = r->pages[0];
  EXPECT_EQ(p.source, "image") << p.preprocess.dump();
  EXPECT_TRUE(IsPng(p.image));
  EXPECT_EQ(p.dpi, 300);
  // The layer's words come along, in pixels of the 300-dpi rendering.
  ASSERT_GE(p.layer_words.size(), 8u);
  EXPECT_EQ(p.layer_words[0].text, "Invoice");
  EXPECT_NEAR(p.layer_words[0].box.x, 72 * 300 / 72, 6);
  EXPECT_NEAR(p.layer_words[0].box.y, (842 - 770 - 14) * 300 / 72, 30);
  // The region to read is the image's band (y 100..152 pt from the top).
  const auto& regions = p.preprocess["image_text"]["ocr_regions"];
  ASSERT_EQ(regions.size(), 1u) << p.preprocess.dump();
  Box b = regions[0].get<Box>();
  EXPECT_GT(b.y, 95 * 300 / 72 - 60);
  EXPECT_LT(b.y + b.h, 152 * 300 / 72 + 60);
  EXPECT_GT(b.w, 300 * 300 / 72);
  // Aligned with the layer: nothing turned, deskewed or rescaled.
  EXPECT_FALSE(p.preprocess.contains("deskew"));
  EXPECT_FALSE(p.preprocess.contains("rescale"));
}

TEST(Preprocess, PictureWithoutLetteringKeepsTheTextLayer) {
  auto r = Preprocess(MixedPdf(false), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  EXPECT_EQ(p.source, "text-layer") << p.preprocess.dump();
  EXPECT_TRUE(p.layer_words.empty());
  EXPECT_EQ(p.preprocess["image_text"]["rows"], 0);
}

TEST(Preprocess, ImageTextDetectionCanBeSwitchedOff) {
  PreprocessOptions o;
  o.detect_image_text = false;
  auto r = Preprocess(MixedPdf(true), o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->pages[0].source, "text-layer");
  EXPECT_FALSE(r->pages[0].preprocess.contains("image_text"));
}

TEST(Preprocess, PdfWithoutImagesIsNeverProbed) {
  auto r = Preprocess(MakePdf({kInvoiceStream}), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->pages[0].preprocess.contains("image_text"));
}

TEST(PdfMayHaveImages, FindsImageXObjectsInAnySpelling) {
  EXPECT_TRUE(PdfMayHaveImages("1 0 obj << /Type /XObject /Subtype /Image /Width 2 >>"));
  EXPECT_TRUE(PdfMayHaveImages("<</Subtype/Image/Width 2>>"));
  EXPECT_TRUE(PdfMayHaveImages("<< /Subtype\r\n/Image >>"));
  EXPECT_FALSE(PdfMayHaveImages("<< /Subtype /Form >> /Image is a word here"));
  EXPECT_FALSE(PdfMayHaveImages(""));
}

TEST(Preprocess, PagesRenderedInParallelMatchSerial) {
  // Six image-only pages of different text: same pages, same order, same pixels.
  std::vector<test_pdf::PdfPage> pages;
  for (int i = 0; i < 6; ++i) {
    cv::Mat img = TextImage(1240, 1754, {"Page " + std::to_string(i + 1), "Line two"});
    test_pdf::PdfPage pg;
    pg.image = Encode(img, ".jpg");
    pg.width = img.cols;
    pg.height = img.rows;
    pages.push_back(pg);
  }
  pages[3].image.clear();  // one born-digital page in the middle
  pages[3].content = kInvoiceStream;
  std::string pdf = test_pdf::MakePdfWithImages(pages);
  PreprocessOptions serial, parallel;
  serial.raster_dpi = parallel.raster_dpi = 150;
  parallel.threads = 3;
  auto a = Preprocess(pdf, serial);
  auto b = Preprocess(pdf, parallel);
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  ASSERT_EQ(a->pages.size(), 6u);
  ASSERT_EQ(b->pages.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(b->pages[i].index, i);
    EXPECT_EQ(b->pages[i].source, i == 3 ? "text-layer" : "image");
    EXPECT_EQ(a->pages[i].source, b->pages[i].source);
    EXPECT_EQ(a->pages[i].image, b->pages[i].image);
    EXPECT_EQ(a->pages[i].text, b->pages[i].text);
  }
}

// A scanner's page: one gray JPEG over the whole A4 page, 1240 px wide (150 dpi).
test_pdf::PdfPage ScannedPage(const std::string& text) {
  cv::Mat img = TextImage(1240, 1754, {text, "Line two of the page"});
  test_pdf::PdfPage pg;
  pg.image = Encode(img, ".jpg");
  pg.width = img.cols;
  pg.height = img.rows;
  return pg;
}

TEST(Preprocess, ScannedPdfPageIsReadFromItsOwnJpeg) {
  test_pdf::PdfPage scan = ScannedPage("Invoice 2024-117");
  scan.image_keys = "/DecodeParms << /Quality 80 >>";  // written by some tools; no meaning for a reader
  auto r = Preprocess(test_pdf::MakePdfWithImages({scan}), {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  EXPECT_EQ(p.source, "image");
  ASSERT_TRUE(p.preprocess.contains("page_image")) << p.preprocess.dump();
  EXPECT_EQ(p.preprocess["page_image"]["dpi"], 150);  // 1240 px over 595 pt
  EXPECT_FALSE(p.preprocess.contains("rendered_dpi"));
  // At the raster dpi, as a rendering would be.
  EXPECT_EQ(p.dpi, 300);
  EXPECT_EQ(p.width, 2479);
  EXPECT_EQ(p.height, 3508);
  // Switched off (preprocess.page_images): rendered.
  PreprocessOptions off;
  off.page_images = false;
  auto rendered = Preprocess(test_pdf::MakePdfWithImages({scan}), off);
  ASSERT_TRUE(rendered.ok()) << rendered.error().message;
  EXPECT_FALSE(rendered->pages[0].preprocess.contains("page_image"));
  EXPECT_EQ(rendered->pages[0].preprocess.value("rendered_dpi", 0), 300);
}

// The page read from its image, before any clean-up, and the same page
// rendered by Poppler.
std::pair<Page, Page> FromImageAndRendered(const test_pdf::PdfPage& page, int dpi) {
  const std::string pdf = test_pdf::MakePdfWithImages({page});
  PreprocessOptions o;
  o.enhance = false;
  o.raster_dpi = dpi;
  o.page_format = PageImageFormat::kRaw;
  o.page_images = true;
  auto from_image = Preprocess(pdf, o);
  o.page_images = false;
  auto rendered = Preprocess(pdf, o);
  EXPECT_TRUE(from_image.ok() && rendered.ok());
  if (!from_image.ok() || !rendered.ok()) return {};
  return {from_image->pages[0], rendered->pages[0]};
}

// Colour blocks under black text: every gray level and edge the colour
// conversion and the interpolation can get wrong.
cv::Mat ColourScan(int w, int h) {
  cv::Mat img(h, w, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::RNG rng(7);
  for (int i = 0; i < 120; ++i) {
    cv::Point a(rng.uniform(0, w - 50), rng.uniform(0, h - 50));
    cv::Point b = a + cv::Point(rng.uniform(20, 300), rng.uniform(20, 300));
    cv::rectangle(img, a, b, cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)), cv::FILLED);
  }
  cv::GaussianBlur(img, img, cv::Size(7, 7), 2.0);
  for (int y = 150; y < h; y += 170) {
    cv::putText(img, "Total 1 234,56 EUR", cv::Point(100, y), cv::FONT_HERSHEY_SIMPLEX, 2.0, cv::Scalar(0, 0, 0), 4,
                cv::LINE_AA);
  }
  return img;
}

// The samples of an 8-bit image (1 or 3 channels, OpenCV's BGR turned to
// RGB), rows top first.
std::string Samples(const cv::Mat& img) {
  cv::Mat rgb;
  if (img.channels() == 3) cv::cvtColor(img, rgb, cv::COLOR_BGR2RGB);
  else rgb = img;
  std::string out;
  for (int y = 0; y < rgb.rows; ++y) out.append(reinterpret_cast<const char*>(rgb.ptr(y)), rgb.cols * rgb.elemSize());
  return out;
}

// A page whose image is stored as /FlateDecode samples, each row first
// filtered with PNG's "Up" predictor (the row minus the one above), as
// PNG-born scans are.
test_pdf::PdfPage FlatePage(const cv::Mat& img, const std::string& placement) {
  const int bpp = static_cast<int>(img.elemSize());
  const std::string raw = Samples(img);
  const size_t stride = static_cast<size_t>(img.cols) * bpp;
  std::string predicted;
  for (int y = 0; y < img.rows; ++y) {
    predicted += '\x02';  // Up
    for (size_t i = 0; i < stride; ++i) {
      const auto above = y > 0 ? static_cast<unsigned char>(raw[(y - 1) * stride + i]) : 0;
      predicted += static_cast<char>(static_cast<unsigned char>(raw[y * stride + i]) - above);
    }
  }
  size_t n = 0;
  l_uint8* z = zlibCompress(reinterpret_cast<const l_uint8*>(predicted.data()), predicted.size(), &n);
  test_pdf::PdfPage pg;
  pg.image.assign(reinterpret_cast<const char*>(z), n);
  LEPT_FREE(z);
  pg.width = img.cols;
  pg.height = img.rows;
  pg.filter = "/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors " + std::to_string(bpp) + " /Columns " +
              std::to_string(img.cols) + " >>";
  pg.colour_space = bpp == 3 ? "/DeviceRGB" : "/DeviceGray";
  pg.placement = placement;
  return pg;
}

// A soft mask that draws dark text and a soft-edged disc: opaque where it
// is black, transparent on white, every level at the edges.
std::string TextMask(int w, int h) {
  cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
  cv::circle(m, cv::Point(w / 2, h / 2), std::min(w, h) / 3, cv::Scalar(200), cv::FILLED, cv::LINE_AA);
  cv::putText(m, "Soft mask 42", cv::Point(w / 10, h / 4), cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(255), 3,
              cv::LINE_AA);
  cv::GaussianBlur(m, m, cv::Size(5, 5), 1.2);
  return Samples(m);
}

TEST(PageRaster, EqualsPopplersRenderingPixelForPixel) {
  struct Case {
    std::string why;
    test_pdf::PdfPage page;
    int dpi = 300;
  };
  std::vector<Case> cases;
  cases.push_back({"gray A4 scan at 150 dpi", ScannedPage("Gray"), 300});
  cases.push_back({"at its own dpi", ScannedPage("Own"), 150});
  test_pdf::PdfPage rounded = ScannedPage("Rounded");
  rounded.image = Encode(TextImage(1700, 2200, {"Rounded cm", "206 dpi"}), ".jpg");
  rounded.width = 1700;
  rounded.height = 2200;
  // Pillow writes the box with all its digits and the matrix with six:
  // the image ends 1e-7 pt past the box, a row above the raster.
  rounded.boxes = "/MediaBox [ 0 0 594.1747572815534 768.9320388349514 ]";
  rounded.placement = "594.174757 0 0 768.932039 0 0";
  cases.push_back({"matrix rounded past the box", rounded});
  test_pdf::PdfPage colour = ScannedPage("Colour");
  colour.image = Encode(ColourScan(1654, 2339), ".jpg");
  colour.width = 1654;
  colour.height = 2339;
  colour.boxes = "/MediaBox [0 0 595.44 842.04]";
  colour.placement = "595.44 0 0 842.04 0 0";
  colour.colour_space = "/DeviceRGB";
  cases.push_back({"colour at 200 dpi", colour});
  test_pdf::PdfPage short_of_edges = ScannedPage("Margins");
  short_of_edges.placement = "592.5 0 0 839.25 1.3 0.8";
  cases.push_back({"image a little short of the page edges", short_of_edges});
  test_pdf::PdfPage cropped = ScannedPage("Cropped");
  cropped.image = Encode(TextImage(1240, 1609, {"Crop box"}), ".jpg");
  cropped.height = 1609;
  cropped.boxes = "/MediaBox [0 0 612 792] /CropBox [8.5 10 603.5 782]";
  cropped.placement = "595 0 0 772 8.5 10";
  cases.push_back({"crop box inside the media box", cropped});
  test_pdf::PdfPage nested = ScannedPage("Nested");
  nested.placement = "1 0 0 1 0 0 cm 0.5 0 0 0.5 0 0 cm 1190 0 0 1684 0 0";
  cases.push_back({"matrices concatenated", nested});
  cases.push_back({"gray Flate samples with a PNG predictor",
                   FlatePage(TextImage(1240, 1754, {"Flate gray", "PNG Up"}), "595 0 0 842 0 0")});
  cases.push_back({"RGB Flate samples at 200 dpi", FlatePage(ColourScan(1654, 2339), "595.44 0 0 842.04 0 0")});
  test_pdf::PdfPage stored = ScannedPage("Stored");
  stored.image = Samples(TextImage(1240, 1754, {"No filter"}));
  stored.filter.clear();
  cases.push_back({"samples stored without a filter", stored});
  // A fax's 200 x 100 ppi, as OCRmyPDF's aspect.pdf: RGB samples under a
  // soft mask that draws the text.
  test_pdf::PdfPage masked = FlatePage(ColourScan(1000, 400), "360 0 0 288 0 0");
  masked.boxes = "/MediaBox [0 0 360 288]";
  masked.smask = TextMask(1000, 400);
  cases.push_back({"soft-masked RGB samples, pixels not square", masked});
  test_pdf::PdfPage masked_jpeg = ScannedPage("Masked");
  masked_jpeg.smask = TextMask(1240, 1754);
  cases.push_back({"soft-masked JPEG", masked_jpeg});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    auto [from_image, rendered] = FromImageAndRendered(c.page, c.dpi);
    ASSERT_TRUE(from_image.preprocess.contains("page_image")) << from_image.preprocess.dump();
    ASSERT_FALSE(from_image.preprocess["page_image"].contains("rejected")) << from_image.preprocess.dump();
    EXPECT_EQ(from_image.preprocess["page_image"].value("soft_mask", false), !c.page.smask.empty());
    EXPECT_EQ(from_image.preprocess["page_image"].value("encoding", ""),
              c.page.filter == "/Filter /DCTDecode" ? "jpeg" : "samples");
    ASSERT_TRUE(rendered.preprocess.contains("rendered_dpi"));
    EXPECT_EQ(from_image.width, rendered.width);
    EXPECT_EQ(from_image.height, rendered.height);
    PIX* a = pixReadMemSpix(reinterpret_cast<const l_uint8*>(from_image.image.data()), from_image.image.size());
    PIX* b = pixReadMemSpix(reinterpret_cast<const l_uint8*>(rendered.image.data()), rendered.image.size());
    ASSERT_TRUE(a && b);
    l_int32 same = 0;
    EXPECT_EQ(pixEqual(a, b, &same), 0);
    EXPECT_TRUE(same) << "the two rasters differ";
    pixDestroy(&a);
    pixDestroy(&b);
  }
}

TEST(PageRaster, ScalingsSplashDoesOtherwiseAreRendered) {
  // Reduced (a 150-dpi scan read at 100 dpi): Splash averages boxes.
  auto [reduced, unused] = FromImageAndRendered(ScannedPage("Reduced"), 100);
  EXPECT_EQ(reduced.preprocess["page_image"].value("rejected", ""), "placement") << reduced.preprocess.dump();
  EXPECT_EQ(reduced.preprocess.value("rendered_dpi", 0), 100);
  // Enlarged 4 times or more: Splash repeats pixels.
  test_pdf::PdfPage coarse = ScannedPage("Coarse");
  coarse.image = Encode(TextImage(300, 420, {"x4"}), ".jpg");
  coarse.width = 300;
  coarse.height = 420;
  auto [enlarged, unused2] = FromImageAndRendered(coarse, 300);
  EXPECT_EQ(enlarged.preprocess["page_image"].value("rejected", ""), "placement") << enlarged.preprocess.dump();
  EXPECT_EQ(enlarged.preprocess.value("rendered_dpi", 0), 300);
}

TEST(Preprocess, PdfPageDrawingMoreThanItsImageIsRendered) {
  std::vector<std::pair<std::string, test_pdf::PdfPage>> cases;
  test_pdf::PdfPage text_on_top = ScannedPage("Scan");
  text_on_top.content = "BT /F1 12 Tf 72 72 Td (ok) Tj ET";  // too short to be a usable layer
  cases.emplace_back("text drawn over the scan", text_on_top);
  test_pdf::PdfPage half = ScannedPage("Scan");
  half.placement = "297 0 0 421 0 0";
  cases.emplace_back("image over a quarter of the page", half);
  test_pdf::PdfPage stretched = ScannedPage("Scan");
  stretched.height = 877;  // the dictionary says 877 rows, the JPEG holds 1754
  cases.emplace_back("JPEG of another size than its dictionary's", stretched);
  test_pdf::PdfPage short_samples = FlatePage(TextImage(1240, 1754, {"Scan"}), "595 0 0 842 0 0");
  short_samples.height = 1755;  // one row more than the stream holds
  cases.emplace_back("Flate samples short of the dictionary's size", short_samples);
  test_pdf::PdfPage long_samples = FlatePage(TextImage(1240, 1754, {"Scan"}), "595 0 0 842 0 0");
  long_samples.height = 877;  // half the rows the stream inflates to: decoding stops at the limit
  cases.emplace_back("Flate samples longer than the dictionary's size", long_samples);
  test_pdf::PdfPage cut = FlatePage(TextImage(1240, 1754, {"Scan"}), "595 0 0 842 0 0");
  cut.image.resize(cut.image.size() / 2);
  cases.emplace_back("Flate stream cut in half", cut);
  test_pdf::PdfPage fax = ScannedPage("Scan");
  fax.filter = "/Filter /CCITTFaxDecode";  // a filter qpdf does not decode
  cases.emplace_back("CCITT image", fax);
  test_pdf::PdfPage matte = ScannedPage("Scan");
  matte.smask = TextMask(1240, 1754);
  matte.smask_keys = "/Matte [0.5]";  // colours pre-blended with gray: Poppler unblends them
  cases.emplace_back("soft mask with a matte", matte);
  test_pdf::PdfPage small_mask = FlatePage(TextImage(1240, 1754, {"Scan"}), "595 0 0 842 0 0");
  small_mask.smask = std::string(620 * 877, '\xFF');
  small_mask.smask_width = 620;
  small_mask.smask_height = 877;
  cases.emplace_back("soft mask of another size", small_mask);
  test_pdf::PdfPage mirrored = ScannedPage("Scan");
  mirrored.placement = "595 0 0 -842 0 842";
  cases.emplace_back("image upside down", mirrored);
  test_pdf::PdfPage inverted = ScannedPage("Scan");
  inverted.image_keys = "/Decode [1 0]";
  cases.emplace_back("samples inverted by /Decode", inverted);
  test_pdf::PdfPage transformed = ScannedPage("Scan");
  transformed.image_keys = "/DecodeParms << /ColorTransform 0 >>";
  cases.emplace_back("colour transform parameter", transformed);
  test_pdf::PdfPage calibrated = ScannedPage("Scan");
  calibrated.colour_space = "[/CalGray << /WhitePoint [0.9505 1 1.089] /Gamma 2.2 >>]";
  cases.emplace_back("colour space other than DeviceGray or DeviceRGB", calibrated);
  test_pdf::PdfPage corrupt = ScannedPage("Scan");
  corrupt.image.resize(corrupt.image.size() / 2);
  cases.emplace_back("truncated JPEG", corrupt);
  for (const auto& [why, page] : cases) {
    SCOPED_TRACE(why);
    PreprocessOptions o;
    o.enhance = false;
    auto r = Preprocess(test_pdf::MakePdfWithImages({page}), o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const Page& p = r->pages[0];
    EXPECT_EQ(p.source, "image");
    EXPECT_EQ(p.preprocess.value("rendered_dpi", 0), 300) << p.preprocess.dump();
  }
}

TEST(PdfPageImages, SamplesAreDecodedOnEachPagesThread) {
  std::vector<test_pdf::PdfPage> pages;
  for (const char* text : {"First", "Second", "Third", "Fourth"}) {
    pages.push_back(FlatePage(TextImage(1240, 1754, {text}), "595 0 0 842 0 0"));
  }
  const std::string pdf = test_pdf::MakePdfWithImages(pages);
  // Not decoded while the pages are looked at.
  auto images = PdfPageImages(pdf, {true, true, true, true}, 100000000LL);
  ASSERT_EQ(images.size(), 4u);
  ASSERT_TRUE(images[1].has_value());
  EXPECT_EQ(images[1]->encoding, PageImage::Encoding::kSamples);
  EXPECT_TRUE(images[1]->data.empty());
  ASSERT_TRUE(LoadPageImage(pdf, *images[1]));
  EXPECT_EQ(images[1]->data.size(), 1240u * 1754u);
  EXPECT_FALSE(LoadPageImage("not a PDF", *images[2]));
  // Three threads give the pages one gives.
  PreprocessOptions o;
  o.enhance = false;
  o.page_format = PageImageFormat::kRaw;
  auto serial = Preprocess(pdf, o);
  o.threads = 3;
  auto parallel = Preprocess(pdf, o);
  ASSERT_TRUE(serial.ok() && parallel.ok());
  ASSERT_EQ(parallel->pages.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(parallel->pages[i].preprocess["page_image"].value("encoding", ""), "samples")
        << parallel->pages[i].preprocess.dump();
    EXPECT_EQ(parallel->pages[i].image, serial->pages[i].image);
  }
  EXPECT_NE(parallel->pages[0].image, parallel->pages[1].image);
}

TEST(PdfPageImages, OnlyWantedPagesThatDrawOneImage) {
  test_pdf::PdfPage born_digital;
  born_digital.content = kInvoiceStream;
  std::string pdf = test_pdf::MakePdfWithImages({ScannedPage("One"), born_digital, ScannedPage("Three")});
  auto all = PdfPageImages(pdf, {true, true, true}, 100000000LL);
  ASSERT_EQ(all.size(), 3u);
  ASSERT_TRUE(all[0].has_value());
  EXPECT_EQ(all[0]->width, 1240);
  EXPECT_EQ(all[0]->height, 1754);
  EXPECT_EQ(all[0]->dpi, 150);
  EXPECT_EQ(all[0]->encoding, PageImage::Encoding::kJpeg);
  EXPECT_EQ(all[0]->data.substr(0, 2), "\xFF\xD8");  // the JPEG itself
  EXPECT_FALSE(all[1].has_value());
  EXPECT_TRUE(all[2].has_value());
  auto some = PdfPageImages(pdf, {false, true}, 100000000LL);
  ASSERT_EQ(some.size(), 3u);
  EXPECT_FALSE(some[0].has_value());
  EXPECT_FALSE(some[2].has_value());
  EXPECT_FALSE(PdfPageImages(pdf, {true, true, true}, 1000)[0].has_value());  // over the pixel limit
  EXPECT_TRUE(PdfPageImages("not a PDF", {true}, 1000).empty());
}

TEST(Preprocess, OversizedPageFailsTheDocumentWithThreads) {
  // Sizes are checked before any page is rendered: the first page over the
  // pixel limit fails the document, threads or not.
  std::vector<std::string> streams(4, "");
  PreprocessOptions o;
  o.threads = 2;
  o.max_pixels_per_page = 1000 * 1000;  // an A4 page at 300 dpi is 8.7 MP
  ExpectPermanent(Preprocess(MakePdf(streams), o), "page 1 too large");
}

TEST(Preprocess, RotatedPdfPageHonoursRotate) {
  PreprocessOptions opt;
  opt.raster_dpi = 100;
  auto r = Preprocess(MakePdf({""}, 90), opt);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  EXPECT_EQ(p.source, "image");
  EXPECT_NEAR(p.width, 842 * 100 / 72, 2);
  EXPECT_NEAR(p.height, 595 * 100 / 72, 2);
}

TEST(Preprocess, PngBecomesOneImagePage) {
  cv::Mat img = TextImage(2000, 1000, {"Invoice F-2024-001", "Total 120.00 EUR"});
  auto r = Preprocess(Encode(img, ".png"), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->mime, "image/png");
  ASSERT_EQ(r->pages.size(), 1u);
  const Page& p = r->pages[0];
  EXPECT_EQ(p.source, "image");
  EXPECT_EQ(p.width, 2000);
  EXPECT_EQ(p.height, 1000);
  EXPECT_EQ(p.dpi, 300);  // OpenCV writes no pHYs: the default
  EXPECT_EQ(p.preprocess["dpi_source"], "default");
  ASSERT_TRUE(IsPng(p.image));
  cv::Mat back = DecodeGray(p.image);
  ASSERT_EQ(back.cols, 2000);
  // Same pixels (not skewed, so not rotated).
  EXPECT_EQ(cv::norm(back, img, cv::NORM_INF), 0);
}

TEST(Preprocess, DpiIsReadFromTheFile) {
  PIX* pix = ToPix(TextImage(1200, 800, {"Hello"}));
  pixSetResolution(pix, 200, 200);
  std::string png = PixBytes(pix, IFF_PNG);
  pixDestroy(&pix);
  auto r = Preprocess(png, PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->pages[0].dpi, 200);
  EXPECT_EQ(r->pages[0].preprocess["dpi_source"], "file");
  // The output PNG carries the resolution too.
  PIX* out = pixReadMem(reinterpret_cast<const l_uint8*>(r->pages[0].image.data()), r->pages[0].image.size());
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(pixGetXRes(out), 200);
  pixDestroy(&out);
}

TEST(Preprocess, ColourJpegBmpWebpGif) {
  cv::Mat gray = TextImage(900, 600, {"Colour"});
  cv::Mat colour;
  cv::cvtColor(gray, colour, cv::COLOR_GRAY2BGR);
  cv::rectangle(colour, cv::Rect(10, 10, 100, 100), cv::Scalar(0, 0, 255), cv::FILLED);
  struct Case {
    std::string bytes, mime;
  };
  std::vector<Case> cases = {{Encode(colour, ".jpg"), "image/jpeg"},
                             {Encode(colour, ".bmp"), "image/bmp"},
                             {Encode(colour, ".webp"), "image/webp"}};
  PIX* pix = ToPix(colour);
  PIX* cmapped = pixConvertTo8(pix, 1);  // GIF needs a colormap / 8 bpp
  cases.push_back({PixBytes(cmapped, IFF_GIF), "image/gif"});
  pixDestroy(&cmapped);
  pixDestroy(&pix);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.mime);
    auto r = Preprocess(c.bytes, PreprocessOptions{});
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->pages.size(), 1u);
    EXPECT_EQ(r->pages[0].source, "image");
    EXPECT_EQ(r->pages[0].width, 900);
    EXPECT_EQ(r->pages[0].height, 600);
    EXPECT_EQ(r->pages[0].preprocess["bpp"], 8);  // converted to gray
    EXPECT_TRUE(IsPng(r->pages[0].image));
    if (c.mime == "image/bmp") {
      EXPECT_TRUE(r->mime == "image/bmp" || r->mime == "image/x-ms-bmp") << r->mime;
    } else {
      EXPECT_EQ(r->mime, c.mime);
    }
  }
}

TEST(Preprocess, MultiPageTiffGivesEveryPage) {
  PIXA* pixa = pixaCreate(3);
  for (int i = 0; i < 3; ++i) {
    PIX* pix = ToPix(TextImage(800 + 100 * i, 600, {"Page " + std::to_string(i + 1)}));
    pixSetResolution(pix, 150, 150);
    pixaAddPix(pixa, pix, L_INSERT);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  ASSERT_EQ(pixaWriteMemMultipageTiff(&data, &size, pixa), 0);
  std::string tiff(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  pixaDestroy(&pixa);

  auto r = Preprocess(tiff, PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->mime, "image/tiff");
  ASSERT_EQ(r->pages.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(r->pages[i].index, i);
    EXPECT_EQ(r->pages[i].source, "image");
    EXPECT_EQ(r->pages[i].width, 800 + 100 * i);
    EXPECT_EQ(r->pages[i].dpi, 150);
    EXPECT_TRUE(IsPng(r->pages[i].image));
  }

  PreprocessOptions two;
  two.max_pages = 2;
  ExpectPermanent(Preprocess(tiff, two), "too many pages");
  two.threads = 3;
  ExpectPermanent(Preprocess(tiff, two), "too many pages");

  // Pages decoded on several threads: the same pages, in order, same pixels.
  for (int threads : {2, 3, 5}) {
    SCOPED_TRACE(threads);
    PreprocessOptions parallel;
    parallel.threads = threads;
    auto p = Preprocess(tiff, parallel);
    ASSERT_TRUE(p.ok()) << p.error().message;
    ASSERT_EQ(p->pages.size(), 3u);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(p->pages[i].index, i);
      EXPECT_EQ(p->pages[i].image, r->pages[i].image);
    }
  }
  // The first failing page is named, whichever thread met it.
  PreprocessOptions narrow;
  narrow.threads = 3;
  narrow.max_pixels_per_page = 850 * 600;
  ExpectPermanent(Preprocess(tiff, narrow), "page 2 too large");
}

TEST(Preprocess, SkewedScanIsDeskewed) {
  cv::Mat img = TextImage(2400, 1600, {"The quick brown fox jumps", "over the lazy dog 12345", "Invoice total 120.00 EUR",
                                       "Payment due 2024-03-31", "IBAN FR76 3000 6000 0112"});
  PIX* pix = ToPix(img);
  constexpr float kRad = 3.14159265f / 180.0f;
  PIX* rot = pixRotate(pix, 3.0f * kRad, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  std::string png = PixBytes(rot, IFF_PNG);
  pixDestroy(&rot);
  pixDestroy(&pix);

  auto r = Preprocess(png, PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& d = r->pages[0].preprocess["deskew"];
  ASSERT_TRUE(d.is_object()) << r->pages[0].preprocess.dump();
  EXPECT_EQ(d["applied"], true) << d.dump();
  EXPECT_NEAR(std::abs(d["angle_deg"].get<double>()), 3.0, 0.3) << d.dump();

  // The output has (almost) no skew left.
  PIX* out = pixReadMem(reinterpret_cast<const l_uint8*>(r->pages[0].image.data()), r->pages[0].image.size());
  ASSERT_NE(out, nullptr);
  PIX* bin = pixConvertTo1(out, 150);
  l_float32 angle = 0, conf = 0;
  ASSERT_EQ(pixFindSkew(bin, &angle, &conf), 0);
  EXPECT_LT(std::abs(angle), 0.3) << angle;
  pixDestroy(&bin);
  pixDestroy(&out);
}

// Many lines of ordinary words, so the orientation detectors have ascenders
// and descenders to see.
cv::Mat LetterPage() {
  cv::Mat img(2600, 2000, CV_8UC1, cv::Scalar(255));
  const char* lines[] = {"The quick brown fox jumps over the lazy dog", "Payment within thirty days by bank transfer",
                         "Delivery of eight boxes of paper and two printers", "Thank you for your order and patience",
                         "Please quote the reference on every reply to us", "Goods remain our property until paid for",
                         "Shipping charges are included in the price", "Kind regards from the accounts department"};
  int y = 220;
  for (const char* l : lines) {
    cv::putText(img, l, cv::Point(140, y), cv::FONT_HERSHEY_SIMPLEX, 1.45, cv::Scalar(0), 3, cv::LINE_AA);
    y += 100;
  }
  return img;
}

TEST(Preprocess, OrientationIsFoundAndCorrected) {
  for (int quads : {0, 1, 2, 3}) {
    SCOPED_TRACE(quads);
    PIX* upright = ToPix(LetterPage());
    PIX* turned = pixRotateOrth(upright, quads);
    std::string png = PixBytes(turned, IFF_PNG);
    pixDestroy(&turned);
    pixDestroy(&upright);
    auto r = Preprocess(png, PreprocessOptions{});
    ASSERT_TRUE(r.ok()) << r.error().message;
    const Page& p = r->pages[0];
    const auto& o = p.preprocess["orientation"];
    ASSERT_TRUE(o.is_object()) << p.preprocess.dump();
    EXPECT_EQ(o["rotation_deg"], (360 - 90 * quads) % 360) << o.dump();
    EXPECT_EQ(o["certain"], true) << o.dump();
    EXPECT_EQ(p.width, 2000);  // portrait again
    EXPECT_EQ(p.height, 2600);
  }
}

// A page of dense prose set solid in a real font, like a book page, turned
// sideways: its lines still project well horizontally (rotated.pdf of
// paperless-ngx: 16.8 as it stands against 65.9 turned), which once left
// such pages upside down instead of turned back. The page is the PDF's
// text rendered by Poppler (its layer ignored), /Rotate making it sideways.
TEST(Preprocess, DenseProseTurnedSidewaysIsTurnedBack) {
  const char* words[] = {"This", "is", "the", "text", "that", "appears", "on", "the", "first", "page.",
                         "It's", "a", "lot", "of", "text,", "and", "nothing", "but", "text."};
  std::string content = "BT /F1 11 Tf 13 TL 40 800 Td";
  int w = 0;
  for (int i = 0; i < 58; ++i) {
    std::string line;
    while (line.size() < 76) line += std::string(line.empty() ? "" : " ") + words[w++ % 19];
    content += " (" + line + ") Tj T*";
  }
  content += " ET";
  PreprocessOptions opt;
  opt.min_text_chars = 1 << 30;  // the layer counts as absent: rendered and read like a scan
  for (int rotate : {90, 270}) {
    SCOPED_TRACE(rotate);
    auto r = Preprocess(MakePdf({content}, rotate), opt);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const Page& p = r->pages[0];
    EXPECT_EQ(p.source, "image");
    const auto& o = p.preprocess["orientation"];
    ASSERT_TRUE(o.is_object()) << p.preprocess.dump();
    // The case this is about: the sideways lines project well as they stand.
    EXPECT_GE(o.value("conf_horizontal", 0.0), 8.0) << o.dump();
    EXPECT_EQ(o["rotation_deg"], 360 - rotate) << o.dump();
    EXPECT_EQ(o["certain"], true) << o.dump();
    EXPECT_LT(p.width, p.height);  // portrait again
  }
}

// A mostly blank page (a few skewed lines on an A4 sheet at 300 dpi) is
// cleaned up on its ink box alone (ink_box.h): the lines are deskewed there,
// the OCR engine is pointed at the box, and the rest of the page is left as
// it came (a faint mark outside the box keeps its grey).
TEST(Preprocess, NearlyBlankPageIsEnhancedOnItsInk) {
  cv::Mat img(3508, 2481, CV_8UC1, cv::Scalar(255));
  const char* lines[] = {"The quick brown fox jumps over", "the lazy dog, twice a day,", "and sends a short note"};
  for (int i = 0; i < 3; ++i) {
    cv::putText(img, lines[i], cv::Point(600, 1400 + 90 * i), cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(10), 3,
                cv::LINE_AA);
  }
  cv::Mat turned;
  cv::warpAffine(img, turned, cv::getRotationMatrix2D(cv::Point2f(1240, 1490), 2.0, 1.0), img.size(),
                 cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255));
  cv::rectangle(turned, cv::Rect(100, 3300, 40, 40), cv::Scalar(230), cv::FILLED);  // a faint mark far away
  auto r = Preprocess(Encode(turned, ".png"), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  const auto& steps = p.preprocess;
  ASSERT_TRUE(steps.contains("ink_first")) << steps.dump();
  EXPECT_FALSE(steps["ink_first"].contains("whole_page")) << steps.dump();
  EXPECT_EQ(steps["content_box"]["box"], steps["ink_first"]["box"]) << steps.dump();
  EXPECT_EQ(steps["deskew"]["applied"], true) << steps.dump();
  EXPECT_NEAR(std::abs(steps["deskew"]["angle_deg"].get<double>()), 2.0, 0.3) << steps.dump();
  ASSERT_EQ(p.width, 2481);
  ASSERT_EQ(p.height, 3508);
  cv::Mat out = DecodeGray(p.image);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.at<uchar>(3320, 120), 230);
  // Inside the box the lines are level again.
  const auto box = steps["content_box"]["box"];
  PIX* page = pixReadMem(reinterpret_cast<const l_uint8*>(p.image.data()), p.image.size());
  ASSERT_NE(page, nullptr);
  BOX* b = boxCreate(box[0].get<int>(), box[1].get<int>(), box[2].get<int>(), box[3].get<int>());
  PIX* cut = pixClipRectangle(page, b, nullptr);
  PIX* bin = pixConvertTo1(cut, 150);
  l_float32 angle = 0, conf = 0;
  ASSERT_EQ(pixFindSkew(bin, &angle, &conf), 0);
  EXPECT_LT(std::abs(angle), 0.3) << angle;
  pixDestroy(&bin);
  pixDestroy(&cut);
  boxDestroy(&b);
  pixDestroy(&page);
}

// A signature page of a speckled scan: grainy paper (200-250), a few
// hundred dark dots of 4-8 px, and three lines of 11-pt text at 300 dpi. The
// paper's grain is no ink and the dots are no small print: the page is not
// upscaled (which once cost Tesseract over 120 s on such a page).
TEST(Preprocess, SpeckledNearlyBlankPageIsNotTakenForSmallPrint) {
  cv::Mat img(3508, 2481, CV_8UC1);
  cv::RNG rng(7);
  rng.fill(img, cv::RNG::UNIFORM, cv::Scalar(200), cv::Scalar(251));
  cv::GaussianBlur(img, img, cv::Size(3, 3), 0);
  for (int i = 0; i < 400; ++i) {
    const int d = rng.uniform(4, 9);
    cv::circle(img, cv::Point(rng.uniform(50, 2430), rng.uniform(50, 3450)), d / 2, cv::Scalar(40), cv::FILLED);
  }
  const char* lines[] = {"LE BAILLEUR", "SCI Les Tilleuls du Parc", "Lu et approuve, bon pour accord"};
  for (int i = 0; i < 3; ++i) {
    cv::putText(img, lines[i], cv::Point(300, 500 + 70 * i), cv::FONT_HERSHEY_SIMPLEX, 1.2, cv::Scalar(30), 3,
                cv::LINE_AA);
  }
  PreprocessOptions o;
  o.page_format = PageImageFormat::kRaw;
  auto r = Preprocess(Encode(img, ".png"), o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& steps = r->pages[0].preprocess;
  EXPECT_FALSE(steps.contains("rescale")) << steps.dump();
  EXPECT_GE(steps["analysis"]["xheight"].get<double>(), 10) << steps.dump();
  EXPECT_LT(steps["analysis"]["threshold"].get<int>(), 190) << steps.dump();
  EXPECT_EQ(r->pages[0].width, 2481);
}

// The same kind of page turned sideways: a quarter turn needs the whole page
// turned, so the whole page is enhanced as any other.
TEST(Preprocess, NearlyBlankSidewaysPageIsTurnedWhole) {
  cv::Mat letter = LetterPage();  // text in its top third
  cv::Mat page(4200, 3600, CV_8UC1, cv::Scalar(255));
  letter(cv::Rect(0, 0, 2000, 1000)).copyTo(page(cv::Rect(0, 0, 2000, 1000)));
  PIX* upright = ToPix(page);
  PIX* turned = pixRotateOrth(upright, 1);
  std::string png = PixBytes(turned, IFF_PNG);
  pixDestroy(&turned);
  pixDestroy(&upright);
  auto r = Preprocess(png, PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  ASSERT_TRUE(p.preprocess.contains("ink_first")) << p.preprocess.dump();
  EXPECT_EQ(p.preprocess["ink_first"]["whole_page"], "turned or grown") << p.preprocess.dump();
  EXPECT_EQ(p.preprocess["orientation"]["rotation_deg"], 270) << p.preprocess.dump();
  EXPECT_EQ(p.width, 3600);
  EXPECT_EQ(p.height, 4200);
}

// StretchGray is pixGammaTRC at gamma 1, value for value.
TEST(StretchGray, MatchesLeptonicaLinearMap) {
  PIX* a = pixCreate(301, 7, 8);  // a width whose rows end in padding
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 301; ++x) pixSetPixel(a, x, y, static_cast<l_uint32>((x * 7 + y * 31) % 256));
  for (auto [lo, hi] : {std::pair{0, 200}, std::pair{47, 226}, std::pair{100, 101}, std::pair{3, 250}}) {
    SCOPED_TRACE(lo);
    PIX* want = pixGammaTRC(nullptr, a, 1.0f, lo, hi);
    PIX* got = pixCopy(nullptr, a);
    StretchGray(got, lo, hi);
    l_int32 same = 0;
    pixEqual(want, got, &same);
    EXPECT_TRUE(same);
    pixDestroy(&want);
    pixDestroy(&got);
  }
  PIX* before = pixCopy(nullptr, a);
  StretchGray(a, 50, 50);  // no range: unchanged
  l_int32 same = 0;
  pixEqual(before, a, &same);
  EXPECT_TRUE(same);
  pixDestroy(&before);
  pixDestroy(&a);
}

TEST(Preprocess, UprightCleanPageKeepsItsPixels) {
  cv::Mat img = LetterPage();
  auto r = Preprocess(Encode(img, ".png"), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  EXPECT_EQ(p.preprocess["orientation"]["rotation_deg"], 0);
  EXPECT_EQ(p.preprocess["deskew"]["applied"], false);
  EXPECT_FALSE(p.preprocess.contains("rescale"));
  EXPECT_EQ(cv::norm(DecodeGray(p.image), img, cv::NORM_INF), 0);
}

TEST(Preprocess, FifteenDegreeSkewIsCorrected) {
  PIX* pix = ToPix(LetterPage());
  constexpr float kRad = 3.14159265f / 180.0f;
  PIX* rot = pixRotate(pix, -15.0f * kRad, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 2000, 2600);
  std::string png = PixBytes(rot, IFF_PNG);
  pixDestroy(&rot);
  pixDestroy(&pix);
  auto r = Preprocess(png, PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& d = r->pages[0].preprocess["deskew"];
  EXPECT_EQ(d["applied"], true) << d.dump();
  EXPECT_NEAR(d["angle_deg"].get<double>(), 15.0, 1.0) << d.dump();
  EXPECT_EQ(r->pages[0].preprocess["orientation"]["rotation_deg"], 0);
  PIX* out = pixReadMem(reinterpret_cast<const l_uint8*>(r->pages[0].image.data()), r->pages[0].image.size());
  ASSERT_NE(out, nullptr);
  PIX* bin = pixConvertTo1(out, 150);
  l_float32 angle = 0, conf = 0;
  ASSERT_EQ(pixFindSkew(bin, &angle, &conf), 0);
  EXPECT_LT(std::abs(angle), 0.5) << angle;
  pixDestroy(&bin);
  pixDestroy(&out);
}

TEST(Preprocess, SmallGlyphsAreUpscaled) {
  // A 100-dpi scan: x-height about 7 px.
  cv::Mat img(1100, 850, CV_8UC1, cv::Scalar(255));
  for (int i = 0; i < 12; ++i)
    cv::putText(img, "small print on a low resolution scan " + std::to_string(i), cv::Point(40, 60 + 40 * i),
                cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(0), 1, cv::LINE_AA);
  PIX* pix = ToPix(img);
  pixSetResolution(pix, 100, 100);
  std::string png = PixBytes(pix, IFF_PNG);
  pixDestroy(&pix);
  auto r = Preprocess(png, PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  ASSERT_TRUE(p.preprocess.contains("rescale")) << p.preprocess.dump();
  EXPECT_EQ(p.preprocess["orientation"]["rotation_deg"], 0) << p.preprocess.dump();
  double f = p.preprocess["rescale"]["factor"].get<double>();
  EXPECT_GT(f, 1.5);
  EXPECT_NEAR(p.width, 850 * f, 2);
  EXPECT_EQ(p.dpi, static_cast<int>(std::lround(100 * f)));
}

// A page of `scale` Hershey text at 100 dpi sprinkled with 3000 one-pixel dots.
std::string DustyPage(double scale, int thickness, int pitch) {
  cv::Mat img(1100, 850, CV_8UC1, cv::Scalar(255));
  for (int i = 0, y = 60; y < 1060; ++i, y += pitch)
    cv::putText(img, "TOTAL RM 33.90 CASH 50.00 " + std::to_string(i), cv::Point(40, y),
                cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0), thickness, cv::LINE_AA);
  cv::RNG rng(7);
  for (int i = 0; i < 3000; ++i) img.at<uchar>(rng.uniform(0, img.rows), rng.uniform(0, img.cols)) = 0;
  PIX* pix = ToPix(img);
  pixSetResolution(pix, 100, 100);
  std::string png = PixBytes(pix, IFF_PNG);
  pixDestroy(&pix);
  return png;
}

TEST(Preprocess, DustIsRemovedExceptFromSmallPrint) {
  // Large print: the 3x3 median takes the dust out.
  auto big = Preprocess(DustyPage(1.2, 2, 60), PreprocessOptions{});
  ASSERT_TRUE(big.ok()) << big.error().message;
  const nlohmann::json& b = big->pages[0].preprocess;
  EXPECT_GT(b["analysis"]["specks_per_mpx"].get<int>(), 1000) << b.dump();
  EXPECT_EQ(b["cleanup"].value("despeckled", false), true) << b.dump();
  // Small print (x-height under 10 px): the median would erase its strokes.
  auto small = Preprocess(DustyPage(0.5, 1, 40), PreprocessOptions{});
  ASSERT_TRUE(small.ok()) << small.error().message;
  const nlohmann::json& s = small->pages[0].preprocess;
  EXPECT_GT(s["analysis"]["specks_per_mpx"].get<int>(), 1000) << s.dump();
  EXPECT_LT(s["analysis"]["xheight"].get<double>(), 10) << s.dump();
  EXPECT_FALSE(s["cleanup"].value("despeckled", false)) << s.dump();
  EXPECT_EQ(s["cleanup"].value("despeckle_skipped", ""), "small print") << s.dump();
}

TEST(Preprocess, UnevenLightingIsNormalised) {
  cv::Mat img = LetterPage();
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) img.at<uchar>(y, x) = static_cast<uchar>(img.at<uchar>(y, x) * (0.5 + 0.45 * x / img.cols));
  auto r = Preprocess(Encode(img, ".png"), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  EXPECT_EQ(p.preprocess["cleanup"]["background_normalized"], true) << p.preprocess.dump();
  // The paper is white on both sides now.
  cv::Mat out = DecodeGray(p.image);
  EXPECT_GT(out.at<uchar>(50, 30), 230);
  EXPECT_GT(out.at<uchar>(50, out.cols - 30), 230);
}

TEST(Preprocess, LightTextOnADarkCardIsInverted) {
  // A dark business card: light lettering, and a white QR-like square whose
  // dark modules must not pass for text.
  cv::Mat card(600, 1050, CV_8UC1, cv::Scalar(28));
  cv::putText(card, "STUDIO LUMEN", cv::Point(70, 200), cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(200), 4, cv::LINE_AA);
  cv::putText(card, "Camille Rousseau", cv::Point(70, 320), cv::FONT_HERSHEY_SIMPLEX, 1.8, cv::Scalar(245), 3, cv::LINE_AA);
  cv::putText(card, "Photographe", cv::Point(70, 380), cv::FONT_HERSHEY_SIMPLEX, 1.1, cv::Scalar(190), 2, cv::LINE_AA);
  cv::rectangle(card, cv::Rect(660, 135, 330, 330), cv::Scalar(255), cv::FILLED);
  for (int i = 0; i < 14; ++i)
    for (int j = 0; j < 14; ++j)
      if ((i * 7 + j * 3) % 5 < 2) cv::rectangle(card, cv::Rect(675 + 21 * i, 150 + 21 * j, 21, 21), cv::Scalar(0), cv::FILLED);
  auto r = Preprocess(Encode(card, ".png"), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  EXPECT_EQ(p.preprocess["analysis"]["inverted"], true) << p.preprocess.dump();
  cv::Mat out = DecodeGray(p.image);
  ASSERT_FALSE(out.empty());
  EXPECT_GT(out.at<uchar>(20, 20), 200);   // the ground is light now
  double lo = 255;
  cv::minMaxLoc(out(cv::Rect(70, 280, 400, 45)), &lo);
  EXPECT_LT(lo, 80);  // "Camille Rousseau" is dark ink
  // A white page with dark text is never inverted, even with a dark photo on it.
  cv::Mat page = TextImage(2000, 1400, {"Invoice 2024", "Total 120.00"});
  cv::rectangle(page, cv::Rect(1200, 700, 600, 500), cv::Scalar(20), cv::FILLED);
  auto w = Preprocess(Encode(page, ".png"), PreprocessOptions{});
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->pages[0].preprocess["analysis"].contains("inverted")) << w->pages[0].preprocess.dump();
}

TEST(Preprocess, LightTextOnADarkBandIsInvertedWhereItLies) {
  // A card whose company is printed in white on a navy header band.
  cv::Mat card(600, 1050, CV_8UC1, cv::Scalar(250));
  cv::rectangle(card, cv::Rect(0, 0, 1050, 120), cv::Scalar(40), cv::FILLED);
  cv::putText(card, "NORTHWIND", cv::Point(60, 80), cv::FONT_HERSHEY_SIMPLEX, 1.5, cv::Scalar(255), 3, cv::LINE_AA);
  cv::putText(card, "Jane Porter", cv::Point(60, 220), cv::FONT_HERSHEY_SIMPLEX, 1.4, cv::Scalar(0), 3, cv::LINE_AA);
  cv::putText(card, "jane@northwind.com", cv::Point(60, 320), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(0), 2, cv::LINE_AA);
  auto r = Preprocess(Encode(card, ".png"), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  ASSERT_TRUE(p.preprocess["analysis"].contains("dark_bands_inverted")) << p.preprocess.dump();
  EXPECT_EQ(p.preprocess["analysis"]["dark_bands_inverted"].size(), 1u);
  EXPECT_FALSE(p.preprocess["analysis"].contains("inverted"));  // not the whole page
  cv::Mat out = DecodeGray(p.image);
  ASSERT_FALSE(out.empty());
  EXPECT_GT(out.at<uchar>(10, 1000), 200);  // the band is light now
  double lo = 255;
  cv::minMaxLoc(out(cv::Rect(60, 40, 300, 45)), &lo);
  EXPECT_LT(lo, 80);  // "NORTHWIND" is dark ink
  cv::minMaxLoc(out(cv::Rect(60, 185, 300, 45)), &lo);
  EXPECT_LT(lo, 80);  // the rest is untouched

  // A dark picture without lettering, a thick rule and a frame stay as they are.
  cv::Mat page = TextImage(2000, 1400, {"Invoice 2024", "Total 120.00"});
  cv::rectangle(page, cv::Rect(1200, 700, 600, 500), cv::Scalar(20), cv::FILLED);
  cv::rectangle(page, cv::Rect(100, 1300, 1800, 30), cv::Scalar(0), cv::FILLED);
  cv::rectangle(page, cv::Rect(40, 40, 1920, 1320), cv::Scalar(0), 12);
  auto w = Preprocess(Encode(page, ".png"), PreprocessOptions{});
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->pages[0].preprocess["analysis"].contains("dark_bands_inverted")) << w->pages[0].preprocess.dump();
}

TEST(Preprocess, DarkScannerBorderIsRemoved) {
  cv::Mat img = LetterPage();
  cv::rectangle(img, cv::Rect(0, 0, 2000, 2600), cv::Scalar(20), 60);  // 30 px black frame
  auto r = Preprocess(Encode(img, ".png"), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Page& p = r->pages[0];
  EXPECT_GE(p.preprocess["cleanup"]["dark_borders_removed"].get<int>(), 1) << p.preprocess.dump();
  cv::Mat out = DecodeGray(p.image);
  EXPECT_GT(out.at<uchar>(10, 1000), 200);
}

TEST(Preprocess, PermanentErrorsForBadInput) {
  ExpectPermanent(Preprocess("", PreprocessOptions{}), "empty file (0 bytes)");
  ExpectPermanent(Preprocess("%PDF-1.4 garbage", PreprocessOptions{}), "corrupt PDF: cannot be parsed");
  ExpectPermanent(Preprocess("hello world\n", PreprocessOptions{}), "unsupported type: text/plain");
  // An empty ZIP archive (end-of-central-directory record only).
  ExpectPermanent(Preprocess(std::string("PK\x05\x06", 4) + std::string(18, '\0'), PreprocessOptions{}),
                  "unsupported type: application/zip");
  // A PNG cut in half.
  std::string png = Encode(TextImage(800, 600, {"cut"}), ".png");
  ExpectPermanent(Preprocess(png.substr(0, png.size() / 2), PreprocessOptions{}), "corrupt image");
  // A PNG signature followed by junk.
  ExpectPermanent(Preprocess(png.substr(0, 16) + std::string(200, 'x'), PreprocessOptions{}), "corrupt image");
}

TEST(Preprocess, LimitsArePermanentErrors) {
  PreprocessOptions opt;
  opt.max_pages = 2;
  ExpectPermanent(Preprocess(MakePdf({kInvoiceStream, kInvoiceStream, kInvoiceStream}), opt), "too many pages");

  PreprocessOptions small;
  small.max_pixels_per_page = 1000 * 1000;
  ExpectPermanent(Preprocess(MakePdf({""}), small), "too large");
  ExpectPermanent(Preprocess(Encode(TextImage(1200, 1000, {"x"}), ".png"), small), "too large");
}

TEST(Preprocess, ConcurrentCallsAreSafe) {
  std::string pdf = MakePdf({kInvoiceStream, ""});
  std::string png = Encode(TextImage(1000, 700, {"Threads"}), ".png");
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      PreprocessOptions opt;
      opt.raster_dpi = 100;
      for (int i = 0; i < 5; ++i) {
        auto a = Preprocess(pdf, opt);
        auto b = Preprocess(png, opt);
        if (a.ok() && a->pages.size() == 2 && b.ok() && b->mime == "image/png" &&
            SniffMime("hello world\n") == "text/plain")
          ++ok[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 5);
}

TEST(Preprocess, FullA4PagesAt300DpiComeThroughWhole) {
  // A full A4 page of text at 300 dpi, as a scanner would produce it (speed is
  // measured by bench/, not here).
  std::vector<std::string> lines;
  for (int i = 0; i < 20; ++i) lines.push_back("Line " + std::to_string(i) + " of a scanned page 0123456789");
  auto png = Preprocess(Encode(TextImage(2480, 3508, lines), ".png"), PreprocessOptions{});
  ASSERT_TRUE(png.ok()) << png.error().message;
  ASSERT_EQ(png->pages.size(), 1u);
  EXPECT_EQ(png->pages[0].width, 2480) << png->pages[0].preprocess.dump();
  EXPECT_EQ(png->pages[0].height, 3508);
  auto pdf = Preprocess(MakePdf({""}), PreprocessOptions{});
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  ASSERT_EQ(pdf->pages.size(), 1u);
  EXPECT_EQ(pdf->pages[0].source, "image");
  EXPECT_EQ(pdf->pages[0].dpi, 300);
}

TEST(Preprocess, ContactCardsAreReadAsTextNeverOcrd) {
  std::string vcf =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Claire Dubois\r\nNOTE:a long note folded\r\n  over two lines\r\n"
      "EMAIL:claire@example.fr\r\nEND:VCARD\r\n";
  auto v = Preprocess(vcf, PreprocessOptions{});
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_EQ(v->pages.size(), 1u);
  EXPECT_EQ(v->pages[0].source, "text-layer");
  EXPECT_TRUE(v->pages[0].image.empty());
  EXPECT_NE(v->pages[0].text.find("FN:Claire Dubois\nNOTE:a long note folded\n  over"), std::string::npos)
      << v->pages[0].text;
  auto jcard = Preprocess(R"(["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Simon Perreault"]]])",
                          PreprocessOptions{});
  ASSERT_TRUE(jcard.ok()) << jcard.error().message;
  EXPECT_NE(jcard->pages[0].text.find("Simon Perreault"), std::string::npos);
  auto xcard = Preprocess(
      "<?xml version=\"1.0\"?><vcards xmlns=\"urn:ietf:params:xml:ns:vcard-4.0\"><vcard><fn><text>Simon</text></fn>"
      "</vcard></vcards>",
      PreprocessOptions{});
  ASSERT_TRUE(xcard.ok()) << xcard.error().message;
  // Other JSON and XML are still not documents.
  EXPECT_FALSE(Preprocess(R"({"invoice": 1, "total": 2})", PreprocessOptions{}).ok());
  EXPECT_FALSE(Preprocess("<?xml version=\"1.0\"?><note><to>x</to></note>", PreprocessOptions{}).ok());
}

// A sparse low-resolution scan: a few lines of small print at the top and
// at the bottom of an A4 page at 120 dpi, turned, blurred, noisy and saved
// as a poor JPEG, then brought to 300 dpi as the renderer would.
std::string SparseLowDpiScan(double turn_deg) {
  cv::Mat img(1403, 992, CV_8UC1, cv::Scalar(255));
  for (int i = 0; i < 3; ++i) {
    cv::putText(img, "Rechnung Nr 2024-0017 vom 12.03.2024", cv::Point(80, 120 + 22 * i), cv::FONT_HERSHEY_SIMPLEX,
                0.45, cv::Scalar(0), 1, cv::LINE_AA);
    cv::putText(img, "Summe netto 252,10 EUR", cv::Point(560, 1100 + 22 * i), cv::FONT_HERSHEY_SIMPLEX, 0.45,
                cv::Scalar(0), 1, cv::LINE_AA);
  }
  cv::Mat turned;
  cv::warpAffine(img, turned, cv::getRotationMatrix2D(cv::Point2f(496, 701), turn_deg, 1.0), img.size(),
                 cv::INTER_CUBIC, cv::BORDER_CONSTANT, cv::Scalar(255));
  cv::GaussianBlur(turned, turned, cv::Size(0, 0), 0.9);
  cv::Mat noise(turned.size(), CV_16SC1), page;
  cv::randn(noise, 0, 10);
  turned.convertTo(page, CV_16SC1);
  page += noise;
  page.convertTo(turned, CV_8UC1);
  std::vector<unsigned char> jpeg;
  cv::imencode(".jpg", turned, jpeg, {cv::IMWRITE_JPEG_QUALITY, 45});
  cv::Mat up;
  cv::resize(cv::imdecode(jpeg, cv::IMREAD_GRAYSCALE), up, cv::Size(), 2.5, 2.5, cv::INTER_LINEAR);
  return Encode(up, ".png");
}

TEST(Preprocess, WeakSkewConfirmedByBothHalvesIsCorrected) {
  auto r = Preprocess(SparseLowDpiScan(2.2), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& d = r->pages[0].preprocess["deskew"];
  // Leptonica's confidence is weak on such a page (under its "good" 3)...
  ASSERT_LT(d["conf"].get<double>(), 3.0) << d.dump();
  // ...but both halves find the same turn, so it is undone.
  EXPECT_EQ(d["applied"], true) << d.dump();
  EXPECT_NEAR(d["angle_deg"].get<double>(), 2.2, 0.3) << d.dump();
  ASSERT_TRUE(d.contains("halves_deg")) << d.dump();
  for (const auto& a : d["halves_deg"]) EXPECT_NEAR(a.get<double>(), d["angle_deg"].get<double>(), 0.3) << d.dump();

  // The same page unturned is left as it is.
  auto flat = Preprocess(SparseLowDpiScan(0.0), PreprocessOptions{});
  ASSERT_TRUE(flat.ok()) << flat.error().message;
  EXPECT_EQ(flat->pages[0].preprocess["deskew"]["applied"], false) << flat->pages[0].preprocess["deskew"].dump();
}

}  // namespace
}  // namespace docflow
