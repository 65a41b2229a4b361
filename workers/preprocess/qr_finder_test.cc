// QR finder-pattern pre-check: pages with and without codes, made here.
#include "workers/preprocess/qr_finder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace docflow {
namespace {

cv::Mat Qr(const std::string& text, int module) {
  cv::Mat qr, big;
  cv::QRCodeEncoder::create()->encode(text, qr);
  cv::resize(qr, big, cv::Size(), module, module, cv::INTER_NEAREST);
  return big;
}

// A 300-dpi A4 page of text lines (plain and bold), optionally with a code.
cv::Mat TextPage(const cv::Mat* code, cv::Point at) {
  cv::Mat page(3508, 2480, CV_8UC1, cv::Scalar(255));
  int k = 0;
  for (int y = 150; y < 3400; y += 70, ++k) {
    cv::putText(page, k % 3 ? "Invoice 2024-001 Total 1 250,00 EUR mmm III" : "TERMS OF PAYMENT: 30 DAYS NET",
                cv::Point(120, y), cv::FONT_HERSHEY_SIMPLEX, 1.5, cv::Scalar(0), k % 2 ? 2 : 5, cv::LINE_AA);
  }
  if (code != nullptr) code->copyTo(page(cv::Rect(at.x, at.y, code->cols, code->rows)));
  return page;
}

PIX* ToPix(const cv::Mat& m) {
  PIX* p = pixCreate(m.cols, m.rows, 8);
  for (int y = 0; y < m.rows; ++y) {
    l_uint32* line = pixGetData(p) + static_cast<size_t>(y) * pixGetWpl(p);
    for (int x = 0; x < m.cols; ++x) SET_DATA_BYTE(line, x, m.at<uchar>(y, x));
  }
  return p;
}

TEST(QrFinder, ThreeCornersOfACodeAreFound) {
  cv::Mat code = Qr("MECARD:N:Dubois,Claire;TEL:+33612345678;;", 6);
  PIX* p = ToPix(code);
  PIX* b = pixThresholdToBinary(p, 128);
  auto found = FindQrFinderPatterns(b);
  // The corners are crossed by every other row of their 3-module centre (9
  // rows of 2); look-alikes among the data modules by a few at most.
  std::vector<std::pair<double, double>> corners;
  for (const auto& f : found)
    if (f.hits >= 6) {
      corners.push_back({f.x, f.y});
      EXPECT_NEAR(f.module, 6.0, 0.5);
    }
  ASSERT_EQ(corners.size(), 3u);
  // Top-left, bottom-left, top-right: an L, symmetric about the diagonal.
  std::sort(corners.begin(), corners.end());
  const double c = corners[0].first, far = code.cols - c;
  EXPECT_GT(c, 3.5 * 6 - 1);  // 3.5 modules into the code, past the quiet zone
  EXPECT_NEAR(corners[0].second, c, 2);
  EXPECT_NEAR(corners[1].second, far, 2);
  EXPECT_NEAR(corners[2].first, far, 2);
  EXPECT_TRUE(MayHaveQrCode(found));
  pixDestroy(&b);
  pixDestroy(&p);
}

TEST(QrFinder, CodeOnAPageOfTextIsNoticed) {
  for (int module : {3, 5, 9}) {
    SCOPED_TRACE(module);
    cv::Mat code = Qr("BEGIN:VCARD\nVERSION:3.0\nFN:James Whitfield\nEND:VCARD", module);
    PIX* p = ToPix(TextPage(&code, cv::Point(1700, 2900 - code.rows)));
    EXPECT_TRUE(MayHaveQrCode(p));
    pixDestroy(&p);
  }
}

TEST(QrFinder, TurnedAndBlurredCodeIsNoticed) {
  cv::Mat code = Qr("https://example.com/card/42", 6), turned, soft;
  cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(code.cols / 2.f, code.rows / 2.f), 12, 1.0);
  cv::warpAffine(code, turned, m, code.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 255);
  cv::GaussianBlur(turned, soft, cv::Size(3, 3), 0.8);
  PIX* p = ToPix(TextPage(&soft, cv::Point(200, 200)));
  EXPECT_TRUE(MayHaveQrCode(p));
  pixDestroy(&p);
}

TEST(QrFinder, TextPagesHaveNone) {
  PIX* p = ToPix(TextPage(nullptr, {}));
  EXPECT_FALSE(MayHaveQrCode(p));
  pixDestroy(&p);
  // A page of solid squares and rules is not a code either.
  cv::Mat shapes(2000, 2000, CV_8UC1, cv::Scalar(255));
  for (int i = 0; i < 12; ++i) cv::rectangle(shapes, cv::Rect(100 + 150 * i, 300, 60, 60), cv::Scalar(0), cv::FILLED);
  cv::line(shapes, {100, 800}, {1900, 800}, cv::Scalar(0), 8);
  PIX* q = ToPix(shapes);
  EXPECT_FALSE(MayHaveQrCode(q));
  pixDestroy(&q);
}

TEST(QrFinder, BadInputIsNo) {
  EXPECT_FALSE(MayHaveQrCode(static_cast<PIX*>(nullptr)));
  EXPECT_TRUE(FindQrFinderPatterns(nullptr).empty());
  PIX* gray = pixCreate(10, 10, 8);
  EXPECT_TRUE(FindQrFinderPatterns(gray).empty());  // not binary
  pixDestroy(&gray);
}

}  // namespace
}  // namespace docflow
