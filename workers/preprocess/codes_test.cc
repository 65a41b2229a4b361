// QR code decoding tests. The codes are made here with cv::QRCodeEncoder and
// drawn onto pages (scaled, rotated, blurred, noisy, JPEG'd); nothing is read
// from disk.
#include "workers/preprocess/codes.h"
#include "workers/preprocess/preprocess.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace docflow {
namespace {

const std::string kMeCard = "MECARD:N:Dubois,Claire;TEL:+33612345678;EMAIL:claire.dubois@example.fr;;";
const std::string kVCard =
    "BEGIN:VCARD\nVERSION:3.0\nFN:James Whitfield\nORG:Kestrel Digital Ltd\nTEL:+442079460958\nEND:VCARD";

// The code's modules, `module` pixels each, with a 4-module quiet zone.
cv::Mat QrImage(const std::string& text, int module) {
  cv::Ptr<cv::QRCodeEncoder> enc = cv::QRCodeEncoder::create();
  cv::Mat qr;
  enc->encode(text, qr);
  EXPECT_FALSE(qr.empty());
  cv::Mat big;
  cv::resize(qr, big, cv::Size(), module, module, cv::INTER_NEAREST);
  return big;  // QRCodeEncoder already adds the quiet zone
}

// A white page with text-like bars and the given codes pasted at (x, y).
cv::Mat Page(int w, int h, const std::vector<std::pair<cv::Mat, cv::Point>>& codes) {
  cv::Mat page(h, w, CV_8UC1, cv::Scalar(255));
  for (int y = 120; y < h - 120; y += 90)
    cv::putText(page, "Lorem ipsum 12 rue de la Paix 75002 Paris", cv::Point(100, y),
                cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(40), 3, cv::LINE_AA);
  for (const auto& [code, at] : codes) {
    cv::Rect r(at.x, at.y, code.cols, code.rows);
    code.copyTo(page(r));
  }
  return page;
}

PIX* ToPix(const cv::Mat& img, const std::string& ext = ".png") {
  std::vector<unsigned char> buf;
  EXPECT_TRUE(cv::imencode(ext, img, buf));
  return pixReadMem(buf.data(), buf.size());
}

std::vector<std::string> Decode(const cv::Mat& img, nlohmann::json& steps, const std::string& ext = ".png") {
  PIX* pix = ToPix(img, ext);
  EXPECT_NE(pix, nullptr);
  auto out = DecodeCodes(pix, steps);
  pixDestroy(&pix);
  return out;
}

TEST(DecodeCodes, MeCardOnAnA4PageAt300Dpi) {
  cv::Mat page = Page(2480, 3508, {{QrImage(kMeCard, 10), cv::Point(1900, 150)}});
  nlohmann::json steps;
  auto codes = Decode(page, steps);
  ASSERT_EQ(codes.size(), 1u) << steps.dump();
  EXPECT_EQ(codes[0], kMeCard);
  ASSERT_TRUE(steps.contains("codes"));
  EXPECT_EQ(steps["codes"]["found"], 1);
  EXPECT_GE(steps["codes"]["tries"].size(), 1u);
  EXPECT_TRUE(steps["codes"]["ms"].is_number());
}

TEST(DecodeCodes, SmallCodeOnABigPageNeedsTheSecondLocatorPass) {
  // 4-pixel modules vanish when the page is searched at 1200 px.
  cv::Mat page = Page(3000, 4000, {{QrImage(kVCard, 4), cv::Point(2500, 3500)}});
  nlohmann::json steps;
  auto codes = Decode(page, steps);
  ASSERT_EQ(codes.size(), 1u) << steps.dump();
  EXPECT_EQ(codes[0], kVCard);
  ASSERT_EQ(steps["codes"]["tries"].size(), 2u) << steps.dump();
  EXPECT_EQ(steps["codes"]["tries"][0]["found"], 0);
  EXPECT_EQ(steps["codes"]["tries"][1]["found"], 1);
}

// When the locator finds nothing (here: made blind by searching a 60-px
// copy), the regions the finder patterns span are decoded as cut out.
TEST(DecodeCodes, FinderRegionsAreTheLastResort) {
  cv::Mat code = QrImage(kVCard, 6), turned;
  // Turned by 20 degrees on a canvas that keeps its corners.
  const cv::Point2f centre(code.cols / 2.f, code.rows / 2.f);
  const cv::Rect bb = cv::RotatedRect(centre, code.size(), 20).boundingRect();
  cv::Mat m = cv::getRotationMatrix2D(centre, 20, 1.0);
  m.at<double>(0, 2) += bb.width / 2.0 - centre.x;
  m.at<double>(1, 2) += bb.height / 2.0 - centre.y;
  cv::warpAffine(code, turned, m, bb.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 255);
  cv::Mat page = Page(2480, 3508, {{turned, cv::Point(1500, 2600)}});
  PIX* pix = ToPix(page);
  ASSERT_NE(pix, nullptr);
  CodeOptions blind;
  blind.locate_max_side = blind.locate_max_side_2 = 60;
  std::vector<QrRegion> regions = QrCodeRegions(pix);
  ASSERT_EQ(regions.size(), 1u);
  // The region holds the whole code and not much more.
  EXPECT_LE(regions[0].x, 1500 + 24);
  EXPECT_LE(regions[0].y, 2600 + 24);
  EXPECT_GE(regions[0].x + regions[0].w, 1500 + turned.cols - 24);
  EXPECT_GE(regions[0].y + regions[0].h, 2600 + turned.rows - 24);
  EXPECT_LT(regions[0].w, 2 * turned.cols);
  nlohmann::json without;
  EXPECT_TRUE(DecodeCodes(pix, without, blind).empty()) << without.dump();
  nlohmann::json with;
  auto codes = DecodeCodes(pix, with, blind, regions);
  ASSERT_EQ(codes.size(), 1u) << with.dump();
  EXPECT_EQ(codes[0], kVCard);
  EXPECT_EQ(with["codes"]["tries"].back()["pass"], "finder-region");
  // A page of text has no finder regions.
  PIX* text = ToPix(Page(2480, 3508, {}));
  EXPECT_TRUE(QrCodeRegions(text).empty());
  pixDestroy(&text);
  pixDestroy(&pix);
}

TEST(DecodeCodes, TwoCodesComeInReadingOrder) {
  cv::Mat page = Page(2000, 2400, {{QrImage(kVCard, 8), cv::Point(1300, 1500)},
                                   {QrImage(kMeCard, 8), cv::Point(150, 200)}});
  nlohmann::json steps;
  auto codes = Decode(page, steps);
  ASSERT_EQ(codes.size(), 2u) << steps.dump();
  EXPECT_EQ(codes[0], kMeCard);
  EXPECT_EQ(codes[1], kVCard);
}

TEST(DecodeCodes, PhotographedCodeRotatedBlurredNoisyJpeg) {
  cv::Mat page(900, 1200, CV_8UC3, cv::Scalar(200, 205, 210));
  cv::Mat qr = QrImage(kMeCard, 7), qr3;
  cv::cvtColor(qr, qr3, cv::COLOR_GRAY2BGR);
  qr3.copyTo(page(cv::Rect(380, 180, qr3.cols, qr3.rows)));
  cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(600, 450), 12, 1.0), turned;
  cv::warpAffine(page, turned, rot, page.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(200, 205, 210));
  cv::GaussianBlur(turned, turned, cv::Size(3, 3), 0.8);
  cv::Mat noise(turned.size(), turned.type());
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(8));
  turned += noise;
  nlohmann::json steps;
  auto codes = Decode(turned, steps, ".jpg");
  ASSERT_EQ(codes.size(), 1u) << steps.dump();
  EXPECT_EQ(codes[0], kMeCard);
}

TEST(DecodeCodes, TinyImageOfACodeIsDecodedWhole) {
  cv::Mat qr = QrImage(kMeCard, 2);  // ~2 px per module
  nlohmann::json steps;
  auto codes = Decode(qr, steps);
  ASSERT_EQ(codes.size(), 1u) << steps.dump();
  EXPECT_EQ(codes[0], kMeCard);
  EXPECT_EQ(steps["codes"]["tries"][0]["pass"], "whole");
}

TEST(DecodeCodes, SoftSmallPhotoOfADenseCodeIsRetriedSharpened) {
  // A vCard code at ~2.2 px per module, blurred and low in contrast.
  cv::Mat qr = QrImage(kVCard + "\nEMAIL:james.whitfield@kestrel-digital.co.uk\nURL:https://www.kestrel-digital.co.uk", 5);
  cv::Mat small, soft;
  cv::resize(qr, small, cv::Size(), 0.45, 0.45, cv::INTER_AREA);
  cv::GaussianBlur(small, soft, cv::Size(0, 0), 1.1);
  soft.convertTo(soft, CV_8U, 0.45, 90);  // grey ink on grey paper
  cv::Mat canvas(soft.rows + 40, soft.cols + 40, CV_8UC1, cv::Scalar(150));
  soft.copyTo(canvas(cv::Rect(20, 20, soft.cols, soft.rows)));
  nlohmann::json steps;
  auto codes = Decode(canvas, steps);
  ASSERT_EQ(codes.size(), 1u) << steps.dump();
  EXPECT_EQ(codes[0].rfind("BEGIN:VCARD", 0), 0u);
  ASSERT_EQ(steps["codes"]["tries"].size(), 2u) << steps.dump();
  EXPECT_EQ(steps["codes"]["tries"][0]["found"], 0);  // as it is: unreadable
  EXPECT_EQ(steps["codes"]["tries"][1]["pass"], "whole-sharpened");
}

TEST(DecodeCodes, PagesWithoutCodesGiveNothing) {
  nlohmann::json steps;
  EXPECT_TRUE(Decode(Page(1240, 1754, {}), steps).empty());
  EXPECT_EQ(steps["codes"]["found"], 0);
  EXPECT_FALSE(steps["codes"].contains("error"));
  // A 1-bit page and a colour-mapped one convert without trouble.
  PIX* bin = pixCreate(800, 600, 1);
  nlohmann::json s2;
  EXPECT_TRUE(DecodeCodes(bin, s2).empty());
  EXPECT_FALSE(s2["codes"].contains("error"));
  pixDestroy(&bin);
  nlohmann::json s3;
  EXPECT_TRUE(DecodeCodes(nullptr, s3).empty());
  EXPECT_TRUE(s3["codes"].contains("error"));
}

TEST(DecodeCodes, SmallImageOfTextWithoutFinderPatternsIsNotDecoded) {
  // A 520x150 snippet of text: the finder-pattern gate answers before the
  // decoder runs; the same snippet with a code beside it is decoded.
  cv::Mat text(150, 520, CV_8UC1, cv::Scalar(255));
  cv::putText(text, "Invoice 2024-117 total 1 234,56 EUR", cv::Point(10, 60), cv::FONT_HERSHEY_SIMPLEX, 0.8,
              cv::Scalar(0), 2);
  cv::putText(text, "Merci de votre confiance - IBAN FR76", cv::Point(10, 110), cv::FONT_HERSHEY_SIMPLEX, 0.8,
              cv::Scalar(0), 2);
  nlohmann::json steps;
  EXPECT_TRUE(Decode(text, steps).empty());
  ASSERT_EQ(steps["codes"]["tries"].size(), 1u) << steps.dump();
  EXPECT_EQ(steps["codes"]["tries"][0]["pass"], "finder-gate");

  cv::Mat qr = QrImage(kMeCard, 3), both(std::max(text.rows, qr.rows), text.cols + qr.cols, CV_8UC1, cv::Scalar(255));
  text.copyTo(both(cv::Rect(0, 0, text.cols, text.rows)));
  qr.copyTo(both(cv::Rect(text.cols, 0, qr.cols, qr.rows)));
  nlohmann::json s2;
  auto codes = Decode(both, s2);
  ASSERT_EQ(codes.size(), 1u) << s2.dump();
  EXPECT_EQ(codes[0], kMeCard);
  EXPECT_EQ(s2["codes"]["tries"][0]["pass"], "whole");
}

TEST(DecodeCodes, PreprocessRecordsTheCodesOfAnImagePage) {
  cv::Mat page = Page(1275, 1650, {{QrImage(kVCard, 6), cv::Point(900, 1200)}});
  std::vector<unsigned char> buf;
  ASSERT_TRUE(cv::imencode(".png", page, buf));
  auto r = Preprocess(std::string(buf.begin(), buf.end()), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->pages.size(), 1u);
  ASSERT_EQ(r->pages[0].codes.size(), 1u) << r->pages[0].preprocess.dump();
  EXPECT_EQ(r->pages[0].codes[0], kVCard);
  EXPECT_EQ(r->pages[0].preprocess["codes"]["found"], 1);
}

// A mostly blank page (a signature block and its code in a corner of an A4
// scan) is enhanced on its ink box; the code is looked for in that box.
TEST(DecodeCodes, PreprocessFindsTheCodeInTheInkOfANearlyBlankPage) {
  cv::Mat page(3508, 2480, CV_8UC1, cv::Scalar(255));
  cv::putText(page, "Claire Dubois, 12 rue de la Paix", cv::Point(1300, 2900), cv::FONT_HERSHEY_SIMPLEX, 1.4,
              cv::Scalar(30), 3, cv::LINE_AA);
  cv::Mat code = QrImage(kMeCard, 8);
  code.copyTo(page(cv::Rect(1900, 2950, code.cols, code.rows)));
  std::vector<unsigned char> buf;
  ASSERT_TRUE(cv::imencode(".png", page, buf));
  auto r = Preprocess(std::string(buf.begin(), buf.end()), PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& steps = r->pages[0].preprocess;
  ASSERT_TRUE(steps.contains("ink_first")) << steps.dump();
  ASSERT_EQ(r->pages[0].codes.size(), 1u) << steps.dump();
  EXPECT_EQ(r->pages[0].codes[0], kMeCard);
}

}  // namespace
}  // namespace docflow
