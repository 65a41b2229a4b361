// The document in a photo, cut out; see document_crop.h.
#include "workers/preprocess/document_crop.h"
#include "workers/preprocess/dark_bands.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "common/stopwatch.h"
#include "workers/preprocess/pix_mat.h"

namespace docflow {
namespace {

// Corners ordered top-left, top-right, bottom-right, bottom-left.
std::array<cv::Point2f, 4> Ordered(const std::vector<cv::Point>& pts) {
  std::array<cv::Point2f, 4> out;
  auto sum = [](const cv::Point& p) { return p.x + p.y; };
  auto diff = [](const cv::Point& p) { return p.x - p.y; };
  out[0] = *std::min_element(pts.begin(), pts.end(), [&](auto& a, auto& b) { return sum(a) < sum(b); });
  out[2] = *std::max_element(pts.begin(), pts.end(), [&](auto& a, auto& b) { return sum(a) < sum(b); });
  out[1] = *std::max_element(pts.begin(), pts.end(), [&](auto& a, auto& b) { return diff(a) < diff(b); });
  out[3] = *std::min_element(pts.begin(), pts.end(), [&](auto& a, auto& b) { return diff(a) < diff(b); });
  return out;
}

double Distance(cv::Point2f a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

// Light lettering just outside an edge of the quad, on something dark: the
// document goes on past that edge in a band as dark as the desk (a card's
// coloured header holding the company), so the quad is not the document.
// Each strip outside the quad's box, 35 % of its height or width deep, is
// split by Otsu; light components not touching the strip's edge, shaped
// like glyphs (6 px high at least on the reduced copy) and nearly as light
// as the paper (`paper`, `desk`: the median levels inside and outside the
// quad) are counted; four or more in one or two strips are lettering (in
// three or four, the motifs of a patterned cloth).
bool LetteringOutside(const cv::Mat& small, const std::vector<cv::Point>& quad, int paper, int desk) {
  const cv::Rect r = cv::boundingRect(quad);
  const int dh = std::max(8, r.height * 35 / 100), dw = std::max(8, r.width * 35 / 100);
  const cv::Rect strips[] = {{r.x, r.y - dh, r.width, dh}, {r.x, r.y + r.height, r.width, dh},
                             {r.x - dw, r.y, dw, r.height}, {r.x + r.width, r.y, dw, r.height}};
  int lettered = 0;
  for (cv::Rect st : strips) {
    st &= cv::Rect(0, 0, small.cols, small.rows);
    if (st.width < 20 || st.height < 12) continue;
    cv::Mat light, labels, stats, centroids;
    cv::threshold(small(st), light, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    const int n = cv::connectedComponentsWithStats(light, labels, stats, centroids, 8);
    int glyphs = 0;
    for (int i = 1; i < n; ++i) {
      const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
      const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
      if (x == 0 || y == 0 || x + w >= st.width || y + h >= st.height) continue;
      if (!LetterShaped(w, h, 6, st.height)) continue;
      // Lettering is printed nearly as light as the paper; a textured
      // desk's light streaks (fabric, wood grain) are barely lighter than
      // the desk (measured on the reduced copy, where thin strokes blur:
      // a card's cream lettering 0.6 of the way from desk to paper, the
      // streaks of a dark fabric 0.0).
      const double level = cv::mean(small(st), labels == i)[0];
      if (level < desk + 0.35 * (paper - desk)) continue;
      ++glyphs;
    }
    if (glyphs >= 4) ++lettered;
  }
  // On one or two sides: a band of the document. All around: the light
  // motifs of a patterned cloth (flowers, gingham), not lettering.
  return lettered >= 1 && lettered <= 2;
}

// Whether `quad` (on the reduced copy) holds paper on a desk: the median
// inside clearly lighter than the median outside, little of the outside as
// light as the paper (a code or a box printed on a page has the page's
// paper all around it), and no lettering going on past an edge.
bool PaperOnDesk(const cv::Mat& small, const std::vector<cv::Point>& quad) {
  cv::Mat mask = cv::Mat::zeros(small.size(), CV_8UC1);
  cv::fillConvexPoly(mask, quad, cv::Scalar(255));
  auto median_of = [&](const cv::Mat& m) {
    int hist[256] = {0};
    int n = 0;
    for (int y = 0; y < small.rows; ++y) {
      const unsigned char* r = small.ptr<unsigned char>(y);
      const unsigned char* k = m.ptr<unsigned char>(y);
      for (int x = 0; x < small.cols; ++x)
        if (k[x]) {
          ++hist[r[x]];
          ++n;
        }
    }
    for (int v = 0, seen = 0; v < 256; ++v)
      if ((seen += hist[v]) * 2 >= n) return v;
    return 255;
  };
  cv::Mat outside;
  cv::bitwise_not(mask, outside);
  const int in = median_of(mask), out = median_of(outside);
  if (in - out < 40) return false;
  const double light_outside = static_cast<double>(cv::countNonZero((small > in - 30) & outside)) /
                               std::max(1, cv::countNonZero(outside));
  if (light_outside > 0.2) return false;
  return !LetteringOutside(small, quad, in, out);
}

// The share of `quad` (on the reduced copy) darker than halfway between
// `paper` and `desk`: a card's print covers a few tenths of it at most, a
// QR code's modules or a photo far more.
double InkShare(const cv::Mat& small, const std::vector<cv::Point>& quad, int paper, int desk) {
  cv::Mat inside = cv::Mat::zeros(small.size(), CV_8UC1);
  cv::fillConvexPoly(inside, quad, cv::Scalar(255));
  const int area = std::max(1, cv::countNonZero(inside));
  return static_cast<double>(cv::countNonZero((small < (paper + desk) / 2) & inside)) / area;
}

// A light document on a textured desk (cork, gravel, a speckled worktop):
// Canny finds edges all over the texture and the document's outline merges
// with them. The document is then the largest light region: Otsu's split
// of the blurred copy, closed over its print and opened to cut the
// texture's light specks off it,
// whose convex hull has four corners (or fills the smallest rectangle
// around it) and is nearly filled by the region; the largest such region
// covering 6 to 92 % of the image away from its edges, or empty.
std::vector<cv::Point> LightRegionQuad(const cv::Mat& blurred, double image_area) {
  cv::Mat light;
  cv::threshold(blurred, light, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  // Closed first: a rule or a line of large type printed across the
  // document must not split it in two.
  cv::morphologyEx(light, light, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
  cv::morphologyEx(light, light, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(light, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  // Largest first: the first region that can be a document wins (a sheet
  // half out of the photo beside the card cannot).
  std::vector<std::pair<double, size_t>> by_area;
  for (size_t k = 0; k < contours.size(); ++k) by_area.emplace_back(cv::contourArea(contours[k]), k);
  std::sort(by_area.rbegin(), by_area.rend());
  const int mx = std::max(2, blurred.cols / 100), my = std::max(2, blurred.rows / 100);
  for (const auto& [area, k] : by_area) {
    if (area < 0.06 * image_area) break;
    std::vector<cv::Point> hull, poly;
    cv::convexHull(contours[k], hull);
    const double hull_area = cv::contourArea(hull);
    if (hull_area > 0.92 * image_area || area < 0.85 * hull_area) continue;
    // A document lying on a desk has desk all around it: a light region
    // reaching the image's edge is the page itself under a dark band (a
    // card's coloured header), or a sheet only partly in the photo.
    const cv::Rect box = cv::boundingRect(hull);
    if (box.x < mx || box.y < my || box.x + box.width > blurred.cols - mx || box.y + box.height > blurred.rows - my)
      continue;
    cv::approxPolyDP(hull, poly, 0.02 * cv::arcLength(hull, true), true);
    if (poly.size() != 4 || !cv::isContourConvex(poly)) {
      // A corner printed dark (a coloured corner band) cuts the region's
      // outline: the smallest rectangle around it, when the region fills it.
      const cv::RotatedRect rr = cv::minAreaRect(hull);
      if (area < 0.8 * rr.size.area()) continue;
      cv::Point2f pts[4];
      rr.points(pts);
      poly.assign({cv::Point(pts[0]), cv::Point(pts[1]), cv::Point(pts[2]), cv::Point(pts[3])});
    }
    return poly;
  }
  return {};
}

std::optional<Quad> FindDocumentQuad(PIX* gray) {
  if (gray == nullptr || pixGetDepth(gray) != 8) return std::nullopt;
  // Reduced by Leptonica first: converting a whole 300-dpi page costs more
  // than finding the quad.
  const int side = std::max(pixGetWidth(gray), pixGetHeight(gray));
  const double scale = std::min(1.0, 600.0 / side);
  PixPtr reduced(scale < 1.0 ? pixScaleAreaMap(gray, static_cast<float>(scale), static_cast<float>(scale))
                             : pixClone(gray));
  if (!reduced) return std::nullopt;
  const cv::Mat small = GrayMat(reduced.get());
  cv::Mat blurred, edges;
  cv::GaussianBlur(small, blurred, cv::Size(5, 5), 0);
  cv::Canny(blurred, edges, 50, 150);
  cv::dilate(edges, edges, cv::Mat(), cv::Point(-1, -1), 1);
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(edges, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double image_area = static_cast<double>(small.cols) * small.rows;
  std::vector<std::pair<double, std::vector<cv::Point>>> quads;
  for (const auto& c : contours) {
    std::vector<cv::Point> hull, poly;
    cv::convexHull(c, hull);
    const double area = cv::contourArea(hull);
    if (area < 0.25 * image_area || area > 0.92 * image_area) continue;
    cv::approxPolyDP(hull, poly, 0.02 * cv::arcLength(hull, true), true);
    if (poly.size() != 4 || !cv::isContourConvex(poly)) continue;
    quads.emplace_back(area, poly);
  }
  // The largest edge quad, else (none, or it is no paper on a desk) the
  // largest light region.
  std::vector<cv::Point> best;
  if (!quads.empty()) {
    best = std::max_element(quads.begin(), quads.end(), [](auto& a, auto& b) { return a.first < b.first; })->second;
    if (!PaperOnDesk(small, best)) best.clear();
  }
  if (best.empty()) {
    best = LightRegionQuad(blurred, image_area);
    if (best.empty() || !PaperOnDesk(small, best)) return std::nullopt;
    // A light square printed on a dark card (its QR code) is no document.
    cv::Mat mask = cv::Mat::zeros(small.size(), CV_8UC1);
    cv::fillConvexPoly(mask, best, cv::Scalar(255));
    cv::Mat outside;
    cv::bitwise_not(mask, outside);
    if (InkShare(small, best, static_cast<int>(cv::mean(small, mask)[0]), static_cast<int>(cv::mean(small, outside)[0])) >
        0.25)
      return std::nullopt;
  }

  const auto o = Ordered(best);
  Quad q;
  auto put = [&](std::array<float, 2>& dst, cv::Point2f p) {
    dst = {static_cast<float>(p.x / scale), static_cast<float>(p.y / scale)};
  };
  put(q.tl, o[0]);
  put(q.tr, o[1]);
  put(q.br, o[2]);
  put(q.bl, o[3]);
  return q;
}

PixPtr WarpToRectangle(PIX* gray, const Quad& q) {
  if (gray == nullptr || pixGetDepth(gray) != 8) return nullptr;
  const cv::Point2f tl(q.tl[0], q.tl[1]), tr(q.tr[0], q.tr[1]), br(q.br[0], q.br[1]), bl(q.bl[0], q.bl[1]);
  const int w = static_cast<int>(std::lround(std::max(Distance(tl, tr), Distance(bl, br))));
  const int h = static_cast<int>(std::lround(std::max(Distance(tl, bl), Distance(tr, br))));
  if (w < 50 || h < 50) return nullptr;
  const cv::Point2f src[4] = {tl, tr, br, bl};
  const cv::Point2f dst[4] = {{0, 0}, {static_cast<float>(w - 1), 0},
                              {static_cast<float>(w - 1), static_cast<float>(h - 1)},
                              {0, static_cast<float>(h - 1)}};
  cv::Mat warped;
  cv::warpPerspective(GrayMat(gray), warped, cv::getPerspectiveTransform(src, dst), cv::Size(w, h), cv::INTER_LINEAR,
                      cv::BORDER_REPLICATE);
  // The corners are found on a reduced copy: a strip of desk or shadow may
  // line the edges, and Tesseract takes such a strip for a rule and garbles
  // the lines beside it (measured). The document's own margin goes instead.
  const int mx = std::max(3, static_cast<int>(std::lround(0.012 * w)));
  const int my = std::max(3, static_cast<int>(std::lround(0.012 * h)));
  return PixFromGray(warped(cv::Rect(mx, my, w - 2 * mx, h - 2 * my)));
}

PixPtr CropToDocument(PIX* gray, nlohmann::json& steps) {
  const auto t = std::chrono::steady_clock::now();
  const auto q = FindDocumentQuad(gray);
  if (!q) return nullptr;
  PixPtr out = WarpToRectangle(gray, *q);
  if (!out) return nullptr;
  pixCopyResolution(out.get(), gray);
  nlohmann::json corners = nlohmann::json::array();
  for (const auto& c : {q->tl, q->tr, q->br, q->bl}) corners.push_back({std::lround(c[0]), std::lround(c[1])});
  steps["document"] = {{"corners", corners}, {"ms", Round2(MsSince(t))}};
  return out;
}

}  // namespace docflow
