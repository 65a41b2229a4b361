// OpenCV adapter for QR codes: the only file that calls cv::QRCodeDetector
// and cv::wechat_qrcode::WeChatQRCode.
//
// Debian's OpenCV 4.6 is built without QUIRC, so cv::QRCodeDetector finds
// codes but cannot decode them ("Library QUIRC is not linked"). Its locator
// is cheap (about 50 ms on an A4 page searched at 1200 px), while the
// contrib WeChatQRCode decoder (a ZXing port, used here without its CNN
// models) decodes well but costs seconds on a whole text page (text is full
// of finder-pattern look-alikes). So: WeChatQRCode on the whole image only
// for small images; on larger pages QRCodeDetector locates and WeChatQRCode
// decodes each located region, cut from the full-resolution page.
#include "workers/preprocess/codes.h"
#include "workers/preprocess/pix_mat.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <opencv2/wechat_qrcode.hpp>

#include "common/stopwatch.h"

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;

struct Found {
  std::string text;
  float y = 0, x = 0;  // top-left of the code, in page pixels
};

// Top-left corner of the i-th quadrangle in WeChatQRCode's point output.
cv::Point2f TopLeft(const std::vector<cv::Mat>& points, size_t i) {
  cv::Point2f tl(0, 0);
  if (i >= points.size() || points[i].empty() || points[i].depth() != CV_32F) return tl;
  cv::Mat p = points[i].reshape(1, static_cast<int>(points[i].total() * points[i].channels() / 2));
  if (p.cols != 2) return tl;
  tl = cv::Point2f(1e9f, 1e9f);
  for (int r = 0; r < p.rows; ++r) {
    tl.x = std::min(tl.x, p.at<float>(r, 0));
    tl.y = std::min(tl.y, p.at<float>(r, 1));
  }
  return tl;
}

// Decodes every code WeChatQRCode reads in img; positions offset by `at`.
int DecodeRegion(const cv::Mat& img, cv::Point2f at, std::vector<Found>& out) {
  cv::wechat_qrcode::WeChatQRCode decoder;
  std::vector<cv::Mat> points;
  std::vector<std::string> texts = decoder.detectAndDecode(img, points);
  int n = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].empty()) continue;
    cv::Point2f tl = TopLeft(points, i);
    out.push_back(Found{texts[i], tl.y + at.y, tl.x + at.x});
    ++n;
  }
  return n;
}

// Quadrangles of QR codes found by cv::QRCodeDetector on gray scaled by
// `scale`, as rectangles in full-resolution pixels.
std::vector<cv::Rect> Locate(const cv::Mat& gray, double scale, bool single_too) {
  cv::Mat img;
  if (scale >= 1.0) img = gray;
  else cv::resize(gray, img, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::QRCodeDetector detector;
  std::vector<cv::Point2f> corners;
  cv::Mat multi;
  if (detector.detectMulti(img, multi) && !multi.empty() && multi.depth() == CV_32F) {
    cv::Mat flat = multi.reshape(2, 1);
    if (flat.isContinuous()) corners.assign(flat.ptr<cv::Point2f>(), flat.ptr<cv::Point2f>() + flat.total());
  }
  if (corners.size() < 4 && single_too) {
    corners.clear();
    detector.detect(img, corners);
  }
  std::vector<cv::Rect> out;
  const double inv = scale >= 1.0 ? 1.0 : 1.0 / scale;
  for (size_t i = 0; i + 3 < corners.size(); i += 4) {
    std::vector<cv::Point2f> quad(corners.begin() + i, corners.begin() + i + 4);
    cv::Rect r = cv::boundingRect(quad);
    // A QR code is square: a long thin "code" is a table or a text block.
    if (r.width < 8 || r.height < 8 || r.width > 1.8 * r.height || r.height > 1.8 * r.width) continue;
    // Back to full resolution, with a margin for the quiet zone and for a
    // locator that clipped the code.
    int margin = static_cast<int>(std::max(r.width, r.height) * 0.3) + 8;
    cv::Rect full(static_cast<int>(r.x * inv) - static_cast<int>(margin * inv),
                  static_cast<int>(r.y * inv) - static_cast<int>(margin * inv),
                  static_cast<int>((r.width + 2 * margin) * inv), static_cast<int>((r.height + 2 * margin) * inv));
    full &= cv::Rect(0, 0, gray.cols, gray.rows);
    if (full.width > 8 && full.height > 8) out.push_back(full);
  }
  return out;
}

// A soft photo of a code, as the decoder's retry sees it: unsharp mask, then
// twice the size.
cv::Mat SharpenedTwice(const cv::Mat& gray) {
  cv::Mat blur, sharp, up;
  cv::GaussianBlur(gray, blur, cv::Size(0, 0), 2.0);
  cv::addWeighted(gray, 1.8, blur, -0.8, 0, sharp);
  cv::resize(sharp, up, cv::Size(), 2.0, 2.0, cv::INTER_CUBIC);
  return up;
}

// Three finder patterns that can be one code's corners (qr_finder.h), on the
// image or on it sharpened at twice the size (blur closes the patterns'
// one-module light ring on soft photos).
bool FinderPatternsSeen(const cv::Mat& gray) {
  PixPtr as_is = PixFromGray(gray);
  if (as_is && MayHaveQrCode(as_is.get())) return true;
  PixPtr sharp = PixFromGray(SharpenedTwice(gray));
  return sharp && MayHaveQrCode(sharp.get());
}

}  // namespace

std::vector<std::string> DecodeCodes(PIX* pix, nlohmann::json& steps, const CodeOptions& options,
                                     const std::vector<QrRegion>& hints) {
  auto t0 = Clock::now();
  nlohmann::json record = {{"found", 0}};
  nlohmann::json tries = nlohmann::json::array();
  std::vector<Found> found;
  try {
    if (pix == nullptr) throw std::invalid_argument("no image");
    cv::Mat gray = GrayMat(pix);
    if (gray.empty()) throw std::invalid_argument("cannot convert the page to gray");
    const int side = std::max(gray.cols, gray.rows);
    if (side <= options.whole_max_side && options.finder_gate && !FinderPatternsSeen(gray)) {
      tries.push_back({{"pass", "finder-gate"}, {"found", 0}, {"ms", Round2(MsSince(t0))}});
    } else if (side <= options.whole_max_side) {
      auto t = Clock::now();
      int n = DecodeRegion(gray, cv::Point2f(0, 0), found);
      tries.push_back({{"pass", "whole"}, {"found", n}, {"ms", Round2(MsSince(t))}});
      if (n == 0 && side <= options.small_side) {
        // A small, soft photo of a code: unsharp mask and 2x, then again.
        t = Clock::now();
        cv::Mat up = SharpenedTwice(gray);
        std::vector<Found> here;
        n = DecodeRegion(up, cv::Point2f(0, 0), here);
        for (auto& f : here) found.push_back(Found{f.text, f.y / 2, f.x / 2});
        tries.push_back({{"pass", "whole-sharpened"}, {"found", n}, {"ms", Round2(MsSince(t))}});
      }
    } else {
      for (int locate_side : {options.locate_max_side, options.locate_max_side_2}) {
        auto t = Clock::now();
        double scale = std::min(1.0, static_cast<double>(locate_side) / side);
        std::vector<cv::Rect> regions = Locate(gray, scale, /*single_too=*/true);
        int n = 0;
        for (const cv::Rect& r : regions) {
          // Decode at most ~1000 px: more only costs time (modules are big enough there).
          double shrink = std::min(1.0, 1000.0 / std::max(r.width, r.height));
          cv::Mat region = gray(r);
          if (shrink < 1.0) cv::resize(region, region, cv::Size(), shrink, shrink, cv::INTER_AREA);
          std::vector<Found> here;
          n += DecodeRegion(region, cv::Point2f(0, 0), here);
          for (auto& f : here) found.push_back(Found{f.text, r.y + f.y / static_cast<float>(shrink),
                                                     r.x + f.x / static_cast<float>(shrink)});
        }
        tries.push_back({{"pass", "locate"},
                         {"scale", std::round(scale * 1000.0) / 1000.0},
                         {"candidates", regions.size()},
                         {"found", n},
                         {"ms", Round2(MsSince(t))}});
        if (n > 0 || scale >= 1.0) break;
      }
      if (found.empty()) {
        for (const QrRegion& h : hints) {
          auto t = Clock::now();
          cv::Rect r = cv::Rect(h.x, h.y, h.w, h.h) & cv::Rect(0, 0, gray.cols, gray.rows);
          if (r.area() == 0) continue;
          double shrink = std::min(1.0, 1000.0 / std::max(r.width, r.height));
          cv::Mat region = gray(r);
          if (shrink < 1.0) cv::resize(region, region, cv::Size(), shrink, shrink, cv::INTER_AREA);
          std::vector<Found> here;
          int n = DecodeRegion(region, cv::Point2f(0, 0), here);
          for (auto& f : here) found.push_back(Found{f.text, r.y + f.y / static_cast<float>(shrink),
                                                     r.x + f.x / static_cast<float>(shrink)});
          tries.push_back({{"pass", "finder-region"}, {"found", n}, {"ms", Round2(MsSince(t))}});
        }
      }
    }
  } catch (const cv::Exception& e) {
    record["error"] = e.what();
  } catch (const std::exception& e) {
    record["error"] = e.what();
  }
  // Reading order; duplicates (the same code read twice) removed.
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (std::abs(a.y - b.y) > 20) return a.y < b.y;
    return a.x < b.x;
  });
  std::vector<std::string> out;
  for (auto& f : found)
    if (std::find(out.begin(), out.end(), f.text) == out.end()) out.push_back(std::move(f.text));
  record["found"] = out.size();
  record["ms"] = Round2(MsSince(t0));
  record["tries"] = std::move(tries);
  steps["codes"] = std::move(record);
  return out;
}

}  // namespace docflow
