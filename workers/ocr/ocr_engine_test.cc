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

}  // namespace
}  // namespace docflow
