// OcrEngine tests on page images drawn here with OpenCV (nothing read from
// disk except Tesseract's installed language data).
#include "workers/ocr/ocr_engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <leptonica/allheaders.h>

#include "workers/preprocess/preprocess.h"
#include "workers/preprocess/test_pdf.h"

namespace docflow {
namespace {

cv::Mat TextImage(int w, int h, const std::vector<std::string>& lines, double scale = 3.0) {
  cv::Mat img(h, w, CV_8UC1, cv::Scalar(255));
  int y = 200;
  for (const auto& l : lines) {
    cv::putText(img, l, cv::Point(150, y), cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0),
                scale >= 2 ? 6 : 3, cv::LINE_AA);
    y += static_cast<int>(55 * scale);
  }
  return img;
}

std::string Png(const cv::Mat& img) {
  std::vector<unsigned char> buf;
  EXPECT_TRUE(cv::imencode(".png", img, buf));
  return std::string(buf.begin(), buf.end());
}

// Hershey's hyphen is wide: Tesseract may read it as an en or em dash.
std::string FoldDashes(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\u2014") == 0 || s.compare(i, 3, "\u2013") == 0) {
      out += '-';
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

Page ImagePage(const cv::Mat& img, int index = 0) {
  Page p;
  p.index = index;
  p.source = "image";
  p.width = img.cols;
  p.height = img.rows;
  p.dpi = 300;
  p.image = Png(img);
  return p;
}

std::unique_ptr<OcrEngine> MakeEngine(OcrOptions opt = {}) {
  SetSingleThreadedOcr();
  auto e = OcrEngine::Create(opt);
  EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
  return e.ok() ? std::move(e.value()) : nullptr;
}

TEST(OcrEngine, SetSingleThreadedOcrSetsEnv) {
  SetSingleThreadedOcr();
  const char* v = std::getenv("OMP_THREAD_LIMIT");
  ASSERT_NE(v, nullptr);
}

int ThreadCount() {
  std::ifstream st("/proc/self/status");
  std::string line;
  while (std::getline(st, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

// libgomp reads OMP_THREAD_LIMIT before main(); the engine must still keep
// Tesseract to the calling thread once SetSingleThreadedOcr() has run, on
// any thread (OpenMP's limits are per thread).
TEST(OcrEngine, RecognizeStartsNoOpenMpThreads) {
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  int before = ThreadCount();
  int during = 0;
  bool ok = false;
  std::thread worker([&] {
    Page page = ImagePage(TextImage(2000, 700, {"Invoice F-2024-001", "Total 120.00 EUR"}));
    ok = engine->Recognize(page).ok();
    during = ThreadCount();  // an OpenMP pool would still be alive here
  });
  worker.join();
  EXPECT_TRUE(ok);
  EXPECT_EQ(during, before + 1);
}

TEST(OcrEngine, RecognisesDrawnText) {
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  cv::Mat img = TextImage(2000, 700, {"Invoice F-2024-001", "Total 120.00 EUR"});
  Page page = ImagePage(img);
  auto t0 = std::chrono::steady_clock::now();
  Status st = engine->Recognize(page);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("OCR 2000x700 page: %.0f ms\n", ms);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(page.source, "ocr");
  const std::string text = FoldDashes(page.text);
  for (const char* w : {"Invoice", "F-2024-001", "Total", "120.00", "EUR"}) {
    EXPECT_NE(text.find(w), std::string::npos) << w << " not in: " << page.text;
  }
  EXPECT_GT(page.mean_confidence, 70);
  ASSERT_GE(page.words.size(), 5u);
  std::set<int> lines;
  for (const auto& w : page.words) {
    EXPECT_FALSE(w.text.empty());
    EXPECT_GE(w.block, 1);
    EXPECT_GE(w.line, 1);
    EXPECT_GT(w.confidence, 0);
    EXPECT_LE(w.confidence, 100);
    EXPECT_GE(w.box.x, 100);
    EXPECT_GT(w.box.w, 0);
    EXPECT_GT(w.box.h, 20);
    EXPECT_LE(w.box.x + w.box.w, img.cols);
    EXPECT_LE(w.box.y + w.box.h, img.rows);
    lines.insert(w.line);
  }
  EXPECT_EQ(lines.size(), 2u);
  // Word order and line assignment follow the image.
  EXPECT_EQ(page.words.front().text, "Invoice");
  EXPECT_EQ(page.words.front().line, 1);
  EXPECT_EQ(page.words.back().text, "EUR");
  EXPECT_EQ(page.words.back().line, 2);
  EXPECT_LT(page.words.front().box.y, page.words.back().box.y);
  EXPECT_TRUE(page.preprocess.contains("ocr"));

  // The engine is reusable: a second, different page.
  Page second = ImagePage(TextImage(1600, 500, {"Contract 42"}), 1);
  ASSERT_TRUE(engine->Recognize(second).ok());
  EXPECT_NE(second.text.find("Contract"), std::string::npos) << second.text;
  EXPECT_EQ(second.text.find("Invoice"), std::string::npos) << second.text;
}

TEST(OcrEngine, DatesAreReadAgainAndTheNextPageStillReadsLetters) {
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  Page page = ImagePage(TextImage(2000, 500, {"Date 25/12/2018 Total 9.00"}));
  ASSERT_TRUE(engine->Recognize(page).ok());
  const nlohmann::json& dates = page.preprocess["ocr"]["dates"];
  EXPECT_EQ(dates["tried"], 1) << page.preprocess.dump();
  EXPECT_EQ(dates["changed"], 0);
  EXPECT_NE(page.text.find("25/12/2018"), std::string::npos) << page.text;
  // The re-read's digits-only whitelist is gone for the next page.
  Page next = ImagePage(TextImage(2000, 500, {"Facture Dubois SARL"}), 1);
  ASSERT_TRUE(engine->Recognize(next).ok());
  EXPECT_NE(next.text.find("Facture Dubois SARL"), std::string::npos) << next.text;
  EXPECT_EQ(next.preprocess["ocr"]["dates"]["tried"], 0);
  // Switched off: not tried.
  OcrOptions off;
  off.reread_dates = false;
  auto plain = MakeEngine(off);
  ASSERT_NE(plain, nullptr);
  Page again = ImagePage(TextImage(2000, 500, {"Date 25/12/2018 Total 9.00"}));
  ASSERT_TRUE(plain->Recognize(again).ok());
  EXPECT_FALSE(again.preprocess["ocr"].contains("dates"));
}

TEST(OcrEngine, TextLayerPageIsLeftAlone) {
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  Page page;
  page.source = "text-layer";
  page.text = "Invoice F-2024-001";
  page.mean_confidence = 100;
  ASSERT_TRUE(engine->Recognize(page).ok());
  EXPECT_EQ(page.source, "text-layer");
  EXPECT_EQ(page.text, "Invoice F-2024-001");
  EXPECT_EQ(page.mean_confidence, 100);
}

TEST(OcrEngine, BadImageIsPermanentError) {
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  Page page;
  page.source = "image";
  page.image = "this is not an image";
  Status st = engine->Recognize(page);
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(st.error().retryable);
  EXPECT_NE(st.error().message.find("cannot decode"), std::string::npos) << st.error().message;

  Page empty;
  empty.source = "image";
  st = engine->Recognize(empty);
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(st.error().retryable);
}

TEST(OcrEngine, UnknownLanguageFailsCreate) {
  OcrOptions opt;
  opt.languages = "xx_nonexistent";
  auto e = OcrEngine::Create(opt);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("xx_nonexistent"), std::string::npos) << e.error().message;
}

TEST(OcrEngine, TimeoutIsReported) {
  OcrOptions opt;
  opt.languages = "eng";
  opt.timeout_ms = 1;
  auto engine = MakeEngine(opt);
  ASSERT_NE(engine, nullptr);
  std::vector<std::string> lines;
  for (int i = 0; i < 25; ++i) lines.push_back("Line " + std::to_string(i) + " lorem ipsum dolor sit amet");
  Page page = ImagePage(TextImage(2480, 3508, lines, 1.5), 2);
  Status st = engine->Recognize(page);
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(st.error().retryable);
  EXPECT_EQ(st.error().message, "OCR timed out after 1 ms on page 3");
  EXPECT_EQ(page.source, "image");  // unchanged on failure
}

TEST(OcrEngine, PreprocessThenOcr) {
  // The hand-over: PNG bytes from Preprocess() go straight into Recognize().
  cv::Mat img = TextImage(2480, 1200, {"Facture F-2024-001", "Montant total 120.00 EUR"});
  auto pre = Preprocess(Png(img), PreprocessOptions{});
  ASSERT_TRUE(pre.ok()) << pre.error().message;
  ASSERT_EQ(pre->pages.size(), 1u);
  Page page = pre->pages[0];
  EXPECT_EQ(page.source, "image");
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(page).ok());
  EXPECT_EQ(page.source, "ocr");
  EXPECT_NE(page.text.find("Facture"), std::string::npos) << page.text;
  EXPECT_NE(page.text.find("120.00"), std::string::npos) << page.text;
  EXPECT_EQ(page.preprocess["mime"], "image/png");  // preprocess steps kept
}

TEST(OcrEngine, PhotoWithAShadowIsReadWithSauvola) {
  // A sheet lit from one side: the far edge at under half the light, grey ink.
  cv::Mat img = TextImage(2480, 1400, {"Facture 2024001", "Montant total 120.00 EUR", "Lyon le 12 mars 2024"});
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x)
      img.at<uchar>(y, x) = static_cast<uchar>((img.at<uchar>(y, x) * 0.75 + 40) * (1.0 - 0.55 * x / img.cols));
  auto pre = Preprocess(Png(img), PreprocessOptions{});
  ASSERT_TRUE(pre.ok()) << pre.error().message;
  Page page = pre->pages[0];
  EXPECT_EQ(page.preprocess["cleanup"]["background_normalized"], true) << page.preprocess.dump();
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(page).ok());
  EXPECT_EQ(page.preprocess["ocr"]["thresholding"], "sauvola");
  const std::string text = FoldDashes(page.text);
  for (const char* w : {"Facture 2024001", "Montant total 120.00 EUR", "12 mars 2024"}) {
    EXPECT_NE(text.find(w), std::string::npos) << w << " not in: " << page.text;
  }
  // An evenly lit page keeps Tesseract's global threshold.
  Page plain = ImagePage(TextImage(2480, 600, {"Total 120.00 EUR"}));
  ASSERT_TRUE(engine->Recognize(plain).ok());
  EXPECT_EQ(plain.preprocess["ocr"]["thresholding"], "otsu");
}

TEST(OcrEngine, OnlyThePartOfThePageWithInkIsRead) {
  // Text in the lower middle of an A4 page: the blank rest is not read, and
  // the words keep page coordinates.
  cv::Mat img(3508, 2480, CV_8UC1, cv::Scalar(255));
  cv::putText(img, "Invoice 2024001", cv::Point(900, 2000), cv::FONT_HERSHEY_SIMPLEX, 3.0, cv::Scalar(0), 6, cv::LINE_AA);
  cv::putText(img, "Total 120.00 EUR", cv::Point(900, 2165), cv::FONT_HERSHEY_SIMPLEX, 3.0, cv::Scalar(0), 6, cv::LINE_AA);
  auto pre = Preprocess(Png(img), PreprocessOptions{});
  ASSERT_TRUE(pre.ok()) << pre.error().message;
  Page page = pre->pages[0];
  ASSERT_TRUE(page.preprocess.contains("content_box")) << page.preprocess.dump();
  Box box = page.preprocess["content_box"]["box"].get<Box>();
  EXPECT_GT(box.x, 700);
  EXPECT_GT(box.y, 1800);
  EXPECT_LT(box.y + box.h, 2300);
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(page).ok());
  EXPECT_EQ(page.preprocess["ocr"]["content_box"], true);
  EXPECT_NE(page.text.find("Invoice 2024001"), std::string::npos) << page.text;
  EXPECT_NE(page.text.find("Total 120.00 EUR"), std::string::npos) << page.text;
  ASSERT_FALSE(page.words.empty());
  EXPECT_NEAR(page.words[0].box.x, 900, 15);        // page coordinates, not the box's
  EXPECT_NEAR(page.words[0].box.y + page.words[0].box.h, 2000, 25);
}

TEST(OcrEngine, RasterizedPdfPageIsReadable) {
  // Force the raster path for a born-digital page and OCR what Poppler drew:
  // checks the render -> gray -> PNG chain end to end.
  std::string pdf = test_pdf::MakePdf(
      {"BT /F1 16 Tf 72 770 Td (Invoice F-2024-001 Total 120.00 EUR) Tj ET\n"
       "BT /F1 16 Tf 72 740 Td (Customer ACME SARL Paris) Tj ET"});
  PreprocessOptions opt;
  opt.min_text_chars = 100000;
  auto pre = Preprocess(pdf, opt);
  ASSERT_TRUE(pre.ok()) << pre.error().message;
  Page page = pre->pages[0];
  ASSERT_EQ(page.source, "image");
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(engine->Recognize(page).ok());
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("OCR A4 300 dpi (2 lines): %.0f ms\n", ms);
  const std::string text = FoldDashes(page.text);
  for (const char* w : {"Invoice F-2024-001 Total 120.00 EUR", "Customer ACME SARL Paris"}) {
    EXPECT_NE(text.find(w), std::string::npos) << w << " not in: " << page.text;
  }
  ASSERT_FALSE(page.words.empty());
  // Boxes in page pixels at 300 dpi: "Invoice" starts 1 inch from the left edge.
  EXPECT_NEAR(page.words[0].box.x, 300, 10);
  EXPECT_NEAR(page.words[0].box.y + page.words[0].box.h, (842 - 770) * 300 / 72, 15);
}


// ---------------------------------------------------------------------------
// Degraded scans: orientation, skew, mixed and garbage PDFs, limits.

// A letter-like page: lines of ordinary words (ascenders and descenders give
// the orientation detectors something to see), drawn at about 300 dpi.
const std::vector<std::string> kLetterLines = {
    "Invoice number 2024001 dated 14 March 2024",
    "Total amount due 1234.56 EUR before the end of April",
    "The quick brown fox jumps over the lazy dog",
    "Payment within thirty days by bank transfer please",
    "Delivery of eight boxes of paper and two printers",
    "Thank you for your order and your kind patience",
    "Please quote the reference on every reply to us",
    "Our office is open from Monday to Friday all year",
    "Shipping charges are included in the quoted price",
    "Any query should be sent in writing within a week",
    "Goods remain our property until paid for in full",
    "Kind regards from the accounts payable department"};

cv::Mat LetterPage(int w = 2000, int h = 2600) {
  cv::Mat img(h, w, CV_8UC1, cv::Scalar(255));
  int y = 220;
  for (const auto& l : kLetterLines) {
    cv::putText(img, l, cv::Point(140, y), cv::FONT_HERSHEY_SIMPLEX, 1.45, cv::Scalar(0), 3, cv::LINE_AA);
    y += 100;
  }
  return img;
}

PIX* MatToPix(const cv::Mat& img) {
  std::string png = Png(img);
  return pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size());
}

std::string PixPng(PIX* pix) {
  l_uint8* data = nullptr;
  size_t size = 0;
  EXPECT_EQ(pixWriteMem(&data, &size, pix, IFF_PNG), 0);
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

// Clockwise rotation applied before recognition, by Preprocess and OCR together.
int TotalRotation(const Page& p) {
  int deg = 0;
  if (p.preprocess.contains("orientation")) deg += p.preprocess["orientation"].value("rotation_deg", 0);
  if (p.preprocess.contains("ocr")) deg += p.preprocess["ocr"].value("rotation_deg", 0);
  return deg % 360;
}

void ExpectLetterText(const Page& page) {
  const std::string text = FoldDashes(page.text);
  for (const char* w : {"Invoice number 2024001", "1234.56 EUR", "quick brown fox", "bank transfer",
                        "accounts payable"}) {
    EXPECT_NE(text.find(w), std::string::npos) << w << " not in: " << page.text;
  }
}

Page PreprocessOne(const std::string& bytes) {
  auto pre = Preprocess(bytes, PreprocessOptions{});
  EXPECT_TRUE(pre.ok()) << (pre.ok() ? "" : pre.error().message);
  if (!pre.ok() || pre->pages.empty()) return Page{};
  return pre->pages[0];
}

class Rotated : public ::testing::TestWithParam<int> {};

TEST_P(Rotated, PageIsTurnedUprightAndRead) {
  const int quads = GetParam();  // the scan is turned by quads x 90 degrees clockwise
  PIX* upright = MatToPix(LetterPage());
  PIX* turned = pixRotateOrth(upright, quads);
  std::string png = PixPng(turned);
  pixDestroy(&turned);
  pixDestroy(&upright);

  Page page = PreprocessOne(png);
  ASSERT_EQ(page.source, "image");
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  Status st = engine->Recognize(page);
  ASSERT_TRUE(st.ok()) << st.error().message;
  SCOPED_TRACE(page.preprocess.dump());
  EXPECT_EQ(TotalRotation(page), (360 - 90 * quads) % 360);
  std::printf("rotation %d: orientation %s ocr %s\n", 90 * quads, page.preprocess["orientation"].dump().c_str(),
              page.preprocess["ocr"].dump().c_str());
  EXPECT_EQ(page.width, 2000);  // upright again: portrait
  EXPECT_EQ(page.height, 2600);
  ExpectLetterText(page);
}

INSTANTIATE_TEST_SUITE_P(OcrEngine, Rotated, ::testing::Values(1, 2, 3));

// An image page (300 dpi) of `upright` turned by `quads` quarter turns
// clockwise; `upright` stays the caller's.
Page TurnedPage(PIX* upright, int quads) {
  PIX* turned = pixRotateOrth(upright, quads);
  Page page;
  page.source = "image";
  page.dpi = 300;
  page.image = PixPng(turned);
  page.width = pixGetWidth(turned);
  page.height = pixGetHeight(turned);
  pixDestroy(&turned);
  return page;
}

TEST(OcrEngine, UncertainOrientationIsSettledByOsd) {
  // Preprocess could not tell (as with number-heavy pages): Tesseract OSD decides.
  PIX* upright = MatToPix(LetterPage());
  Page page = TurnedPage(upright, 2);
  pixDestroy(&upright);
  page.preprocess["orientation"] = {{"certain", false}, {"rotation_deg", 0}};
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(page).ok());
  SCOPED_TRACE(page.preprocess.dump());
  EXPECT_EQ(page.preprocess["ocr"]["osd"]["orientation_deg"], 180);
  EXPECT_EQ(page.preprocess["ocr"]["rotation_deg"], 180);
  ExpectLetterText(page);

  // Without the hint the engine leaves orientation alone (no OSD cost).
  Page plain = ImagePage(LetterPage());
  ASSERT_TRUE(engine->Recognize(plain).ok());
  EXPECT_FALSE(plain.preprocess["ocr"].contains("osd"));
  EXPECT_EQ(plain.preprocess["ocr"]["rotation_deg"], 0);
}

// The page as the preprocessor hands it over after an uncertain quarter
// turn of `quads` (clockwise) applied to `upright`.
Page TurnedByPreprocess(PIX* upright, int quads, bool certain) {
  Page page = TurnedPage(upright, quads);
  page.preprocess["orientation"] = {{"certain", certain}, {"rotation_deg", 90 * quads}, {"ask_osd", false}};
  return page;
}

TEST(OcrEngine, UncertainQuarterTurnIsUndoneWhenTheUnturnedPageReadsBetter) {
  PIX* upright = MatToPix(LetterPage());
  // Tesseract's layout analysis reads clean sideways lines by itself; one
  // block of horizontal lines (PSM 6) does not, like the photos where a wrong
  // turn costs the reading.
  OcrOptions opt;
  opt.page_seg_mode = 6;
  auto engine = MakeEngine(opt);
  ASSERT_NE(engine, nullptr);
  // A wrong uncertain turn: the page read as it came wins and is turned back.
  Page page = TurnedByPreprocess(upright, 1, false);
  ASSERT_TRUE(engine->Recognize(page).ok());
  SCOPED_TRACE(page.preprocess.dump());
  EXPECT_TRUE(page.preprocess["ocr"].contains("unturned"));
  EXPECT_EQ(page.preprocess["ocr"]["rotation_deg"], 270);
  EXPECT_EQ(TotalRotation(page), 0);
  EXPECT_EQ(page.width, 2000);
  EXPECT_EQ(page.height, 2600);
  ExpectLetterText(page);
  // A right uncertain turn (the image handed over is upright): kept.
  PIX* sideways = pixRotateOrth(upright, 3);
  Page right = TurnedByPreprocess(sideways, 1, false);
  pixDestroy(&sideways);
  ASSERT_TRUE(engine->Recognize(right).ok());
  EXPECT_TRUE(right.preprocess["ocr"].contains("unturned"));
  EXPECT_EQ(right.preprocess["ocr"]["rotation_deg"], 0);
  EXPECT_EQ(right.width, 2000);
  ExpectLetterText(right);
  // A certain turn is not read twice.
  Page certain = TurnedByPreprocess(upright, 0, true);
  certain.preprocess["orientation"]["rotation_deg"] = 90;
  ASSERT_TRUE(engine->Recognize(certain).ok());
  EXPECT_FALSE(certain.preprocess["ocr"].contains("unturned"));
  pixDestroy(&upright);
}

TEST(OcrEngine, UprightPageIsNotTurned) {
  Page page = PreprocessOne(Png(LetterPage()));
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(page).ok());
  SCOPED_TRACE(page.preprocess.dump());
  EXPECT_EQ(TotalRotation(page), 0);
  EXPECT_EQ(page.preprocess["orientation"]["rotation_deg"], 0);
  ExpectLetterText(page);
}

TEST(OcrEngine, TenDegreeSkewIsFoundAndRead) {
  PIX* upright = MatToPix(LetterPage());
  constexpr float kRad = 3.14159265f / 180.0f;
  PIX* skewed = pixRotate(upright, 10.0f * kRad, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 2000, 2600);
  std::string png = PixPng(skewed);
  pixDestroy(&skewed);
  pixDestroy(&upright);

  Page page = PreprocessOne(png);
  const auto& d = page.preprocess["deskew"];
  ASSERT_TRUE(d.is_object()) << page.preprocess.dump();
  EXPECT_EQ(d["applied"], true) << d.dump();
  // Leptonica's angle is the correction: -10 for a page turned +10 (clockwise).
  EXPECT_NEAR(d["angle_deg"].get<double>(), -10.0, 1.0) << d.dump();
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(page).ok());
  EXPECT_EQ(TotalRotation(page), 0);
  ExpectLetterText(page);
}

std::string Jpeg(const cv::Mat& img, int quality = 85) {
  std::vector<unsigned char> buf;
  EXPECT_TRUE(cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, quality}));
  return std::string(buf.begin(), buf.end());
}

// An A4 scan at 150 dpi (1240 x 1754) with two lines of large text.
test_pdf::PdfPage ScannedPage(const std::vector<std::string>& lines, const std::string& content = "") {
  cv::Mat img(1754, 1240, CV_8UC1, cv::Scalar(255));
  int y = 200;
  for (const auto& l : lines) {
    cv::putText(img, l, cv::Point(90, y), cv::FONT_HERSHEY_SIMPLEX, 1.3, cv::Scalar(0), 3, cv::LINE_AA);
    y += 90;
  }
  return test_pdf::PdfPage{content, Jpeg(img), img.cols, img.rows};
}

TEST(OcrEngine, MixedPdfGivesOneTextLayerAndOneOcrPage) {
  std::string pdf = test_pdf::MakePdfWithImages(
      {test_pdf::PdfPage{"BT /F1 14 Tf 72 770 Td (Contract 42 between ACME SARL and Blue Harbor Inc) Tj ET", "", 0, 0},
       ScannedPage({"Invoice 2024001", "Total 120.00 EUR"})});
  auto pre = Preprocess(pdf, PreprocessOptions{});
  ASSERT_TRUE(pre.ok()) << pre.error().message;
  ASSERT_EQ(pre->pages.size(), 2u);
  EXPECT_EQ(pre->pages[0].source, "text-layer");
  EXPECT_EQ(pre->pages[1].source, "image");
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  for (Page& p : pre->pages) ASSERT_TRUE(engine->Recognize(p).ok());
  EXPECT_EQ(pre->pages[0].source, "text-layer");
  EXPECT_NE(pre->pages[0].text.find("Contract 42 between ACME SARL"), std::string::npos) << pre->pages[0].text;
  EXPECT_EQ(pre->pages[1].source, "ocr");
  const std::string text = FoldDashes(pre->pages[1].text);
  for (const char* w : {"Invoice 2024001", "Total 120.00 EUR"}) {
    EXPECT_NE(text.find(w), std::string::npos) << w << " not in: " << pre->pages[1].text;
  }
}

TEST(OcrEngine, MixedPageReadsTheImageTextAndKeepsTheLayer) {
  // Two text-layer lines with a pasted image of a third line between them.
  cv::Mat band(130, 1100, CV_8UC1, cv::Scalar(255));
  cv::putText(band, "Signed for approval by Jane Doe", cv::Point(20, 85), cv::FONT_HERSHEY_SIMPLEX, 1.6,
              cv::Scalar(0), 3, cv::LINE_AA);
  std::vector<unsigned char> jpg;
  ASSERT_TRUE(cv::imencode(".jpg", band, jpg));
  test_pdf::PdfPage page;
  page.content = "BT /F1 14 Tf 72 770 Td (Invoice F-2024-001 Total 120.00 EUR) Tj ET\n"
                 "BT /F1 14 Tf 72 640 Td (Customer ACME SARL, Paris) Tj ET";
  page.image.assign(jpg.begin(), jpg.end());
  page.width = band.cols;
  page.height = band.rows;
  page.placement = "440 0 0 52 72 690";
  auto pre = Preprocess(test_pdf::MakePdfWithImages({page}), PreprocessOptions{});
  ASSERT_TRUE(pre.ok()) << pre.error().message;
  Page p = pre->pages[0];
  ASSERT_EQ(p.source, "image") << p.preprocess.dump();
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(p).ok());
  EXPECT_EQ(p.source, "ocr");
  EXPECT_TRUE(p.layer_words.empty());
  // Layer lines verbatim, the image's line between them, in reading order.
  size_t a = p.text.find("Invoice F-2024-001 Total 120.00 EUR");
  size_t b = p.text.find("Signed for approval by Jane Doe");
  size_t c = p.text.find("Customer ACME SARL, Paris");
  ASSERT_NE(a, std::string::npos) << p.text;
  ASSERT_NE(b, std::string::npos) << p.text;
  ASSERT_NE(c, std::string::npos) << p.text;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  const auto& merge = p.preprocess["ocr"]["layer_merge"];
  EXPECT_EQ(merge["layer_words"], 9) << p.preprocess.dump();
  EXPECT_EQ(merge["ocr_words_added"], 6) << p.preprocess.dump();
  EXPECT_EQ(p.preprocess["ocr"]["regions"], 1);
}

TEST(OcrEngine, GarbageTextLayerFallsBackToOcr) {
  // A scan carrying a broken text layer (symbols only, as with a lost font encoding).
  std::string pdf = test_pdf::MakePdfWithImages({ScannedPage(
      {"Facture 2024077", "Montant 310.50 EUR"},
      "BT 3 Tr /F1 12 Tf 72 700 Td (!!!! #### $$$$ %%%% &&&& **** ++++ //// ==== ~~~~) Tj ET")});
  auto pre = Preprocess(pdf, PreprocessOptions{});
  ASSERT_TRUE(pre.ok()) << pre.error().message;
  ASSERT_EQ(pre->pages.size(), 1u);
  Page page = pre->pages[0];
  EXPECT_EQ(page.source, "image");
  EXPECT_EQ(page.preprocess["text_layer_rejected"], true);
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->Recognize(page).ok());
  EXPECT_EQ(page.source, "ocr");
  const std::string text = FoldDashes(page.text);
  for (const char* w : {"Facture 2024077", "Montant 310.50 EUR"}) {
    EXPECT_NE(text.find(w), std::string::npos) << w << " not in: " << page.text;
  }
  EXPECT_EQ(text.find("####"), std::string::npos) << page.text;
}

TEST(OcrEngine, PageOverThePixelLimitFailsCleanly) {
  OcrOptions opt;
  opt.max_pixels = 1000 * 1000;
  auto engine = MakeEngine(opt);
  ASSERT_NE(engine, nullptr);
  Page page = ImagePage(TextImage(1600, 700, {"Too large"}), 4);
  Status st = engine->Recognize(page);
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(st.error().retryable);
  EXPECT_EQ(st.error().message, "page 5 too large for OCR: 1600x700 pixels exceeds the limit of 1000000");
  EXPECT_EQ(page.source, "image");  // unchanged
  EXPECT_TRUE(page.text.empty());
  // The engine is still usable afterwards.
  Page small = ImagePage(TextImage(900, 500, {"Small"}));
  EXPECT_TRUE(engine->Recognize(small).ok());
}

TEST(OcrEngine, DroppedColumnIsReadAgain) {
  // A receipt: item names on the left, amounts far right. PSM 3 tends to
  // drop such a column; whatever mode is used, every amount must be read.
  cv::Mat img(1500, 1400, CV_8UC1, cv::Scalar(255));
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"Plat du jour", "14,50"}, {"Verre de vin", "5,20"}, {"Cafe", "2,20"},
      {"Eau gazeuse", "1,50"},   {"TOTAL TTC", "23,40"}};
  int y = 200;
  for (const auto& [name, amount] : rows) {
    cv::putText(img, name, cv::Point(80, y), cv::FONT_HERSHEY_SIMPLEX, 1.2, cv::Scalar(0), 3, cv::LINE_AA);
    cv::putText(img, amount, cv::Point(1150, y), cv::FONT_HERSHEY_SIMPLEX, 1.2, cv::Scalar(0), 3, cv::LINE_AA);
    y += 110;
  }
  auto engine = MakeEngine();
  ASSERT_NE(engine, nullptr);
  Page page = ImagePage(img);
  ASSERT_TRUE(engine->Recognize(page).ok());
  SCOPED_TRACE(page.preprocess.dump());
  for (const auto& [name, amount] : rows) EXPECT_NE(page.text.find(amount), std::string::npos) << page.text;
  EXPECT_TRUE(page.preprocess["ocr"].contains("psm_used"));
}

}  // namespace
}  // namespace docflow
