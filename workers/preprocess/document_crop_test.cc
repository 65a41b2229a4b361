// The document in a photo: cards photographed on a desk, made here, and
// pages that must be left alone (a scan, a boxed table on a sheet).
#include "workers/preprocess/document_crop.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <opencv2/imgproc.hpp>

namespace docflow {
namespace {

PixPtr ToPix(const cv::Mat& m) {
  PixPtr p(pixCreate(m.cols, m.rows, 8));
  for (int y = 0; y < m.rows; ++y) {
    l_uint32* line = pixGetData(p.get()) + static_cast<size_t>(y) * pixGetWpl(p.get());
    for (int x = 0; x < m.cols; ++x) SET_DATA_BYTE(line, x, m.at<uchar>(y, x));
  }
  return p;
}

// A 1050x600 card of text lines, light paper.
cv::Mat Card() {
  cv::Mat card(600, 1050, CV_8UC1, cv::Scalar(240));
  const char* lines[] = {"NORTHWIND", "Heiko Mustermann", "Projektleiter", "Tel 0351 223344", "heiko@northwind.de"};
  int y = 90;
  for (const char* l : lines) {
    cv::putText(card, l, cv::Point(60, y), cv::FONT_HERSHEY_SIMPLEX, 1.3, cv::Scalar(20), 2, cv::LINE_AA);
    y += 100;
  }
  return card;
}

// The card warped onto a textured desk (darker, noisy) at `corners`.
cv::Mat Photo(const cv::Mat& card, const std::array<cv::Point2f, 4>& corners, int desk = 95) {
  cv::Mat photo(1000, 1400, CV_8UC1);
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0, 12);
  for (int y = 0; y < photo.rows; ++y)
    for (int x = 0; x < photo.cols; ++x)
      photo.at<uchar>(y, x) = cv::saturate_cast<uchar>(desk + 15 * std::sin(y / 9.0) + noise(rng));
  const cv::Point2f src[4] = {{0, 0}, {1049, 0}, {1049, 599}, {0, 599}};
  const cv::Mat m = cv::getPerspectiveTransform(src, corners.data());
  cv::Mat warped, mask;
  cv::warpPerspective(card, warped, m, photo.size(), cv::INTER_LINEAR);
  cv::warpPerspective(cv::Mat(card.size(), CV_8UC1, cv::Scalar(255)), mask, m, photo.size(), cv::INTER_NEAREST);
  warped.copyTo(photo, mask);
  return photo;
}

double Gap(const std::array<float, 2>& got, cv::Point2f want) { return std::hypot(got[0] - want.x, got[1] - want.y); }

// The document is found in `photo` with each corner within `tolerance` px.
void ExpectFoundAt(const cv::Mat& photo, const std::array<cv::Point2f, 4>& corners, double tolerance) {
  PixPtr p = ToPix(photo);
  auto q = FindDocumentQuad(p.get());
  ASSERT_TRUE(q.has_value());
  EXPECT_LT(Gap(q->tl, corners[0]), tolerance);
  EXPECT_LT(Gap(q->tr, corners[1]), tolerance);
  EXPECT_LT(Gap(q->br, corners[2]), tolerance);
  EXPECT_LT(Gap(q->bl, corners[3]), tolerance);
}

// Where the card lies in a photo of `size` (corners as for Photo), grown by
// `grow` pixels: the desk's motifs are drawn outside it.
cv::Mat CardMask(const std::array<cv::Point2f, 4>& corners, cv::Size size, int grow) {
  cv::Mat mask;
  const cv::Point2f src[4] = {{0, 0}, {1049, 0}, {1049, 599}, {0, 599}};
  cv::warpPerspective(cv::Mat(600, 1050, CV_8UC1, cv::Scalar(255)), mask,
                      cv::getPerspectiveTransform(src, corners.data()), size, cv::INTER_NEAREST);
  cv::dilate(mask, mask, cv::Mat(), cv::Point(-1, -1), grow);
  return mask;
}

// The card warped onto cork: a mid-brown desk dotted with light and dark
// specks of 1 to 4 px (seeded), none on the card.
cv::Mat OnCork(const cv::Mat& card, const std::array<cv::Point2f, 4>& corners, unsigned seed) {
  cv::Mat photo = Photo(card, corners, 150);
  const cv::Mat card_mask = CardMask(corners, photo.size(), 2);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> px(0, photo.cols - 1), py(0, photo.rows - 1), r(1, 4), tone(40, 200);
  for (int k = 0; k < 60000; ++k) {
    const cv::Point c(px(rng), py(rng));
    if (card_mask.at<uchar>(c)) continue;
    cv::circle(photo, c, r(rng), cv::Scalar(tone(rng)), cv::FILLED);
  }
  return photo;
}

TEST(DocumentCrop, ACardPhotographedAtAnAngleIsFoundAndStraightened) {
  const std::array<cv::Point2f, 4> corners = {cv::Point2f(190, 210), cv::Point2f(1230, 170), cv::Point2f(1250, 800),
                                              cv::Point2f(160, 780)};
  PixPtr photo = ToPix(Photo(Card(), corners));
  auto q = FindDocumentQuad(photo.get());
  ASSERT_TRUE(q.has_value());
  // Found on a copy reduced to 600 px: a few pixels of the full image.
  EXPECT_LT(Gap(q->tl, corners[0]), 12);
  EXPECT_LT(Gap(q->tr, corners[1]), 12);
  EXPECT_LT(Gap(q->br, corners[2]), 12);
  EXPECT_LT(Gap(q->bl, corners[3]), 12);

  nlohmann::json steps;
  PixPtr card = CropToDocument(photo.get(), steps);
  ASSERT_TRUE(card);
  EXPECT_TRUE(steps.contains("document"));
  // The card's shape comes back (1050x600, within the warp's rounding,
  // less the trimmed margins).
  EXPECT_NEAR(pixGetWidth(card.get()), 1050 * 1.04 * 0.976, 60);
  EXPECT_NEAR(pixGetHeight(card.get()), 600 * 1.04 * 0.976, 40);
  // Its corners are paper, not desk.
  l_uint32 v = 0;
  pixGetPixel(card.get(), 8, 8, &v);
  EXPECT_GT(v, 200u);
  pixGetPixel(card.get(), pixGetWidth(card.get()) - 8, pixGetHeight(card.get()) - 8, &v);
  EXPECT_GT(v, 200u);
}

TEST(DocumentCrop, APageWithoutDarkerSurroundingsIsLeftAlone) {
  // A sheet with a boxed table: a large quadrilateral, but the page around
  // it is as light as inside.
  cv::Mat page(1400, 1000, CV_8UC1, cv::Scalar(250));
  cv::rectangle(page, cv::Rect(100, 400, 800, 600), cv::Scalar(0), 4);
  for (int y = 460; y < 980; y += 60)
    cv::putText(page, "Item 12 x 3.50 EUR", cv::Point(140, y), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(0), 2);
  PixPtr p = ToPix(page);
  EXPECT_FALSE(FindDocumentQuad(p.get()).has_value());
  nlohmann::json steps;
  EXPECT_FALSE(CropToDocument(p.get(), steps));
  EXPECT_FALSE(steps.contains("document"));

  // A dark-framed code on a card: the card's paper is all around it.
  cv::Mat card = Card();
  cv::rectangle(card, cv::Rect(640, 120, 330, 330), cv::Scalar(30), cv::FILLED);
  cv::rectangle(card, cv::Rect(660, 140, 290, 290), cv::Scalar(250), cv::FILLED);
  PixPtr coded = ToPix(card);
  EXPECT_FALSE(FindDocumentQuad(coded.get()).has_value());

  // A card filling the whole image (a scan of a card): nothing to cut.
  PixPtr scan = ToPix(Card());
  EXPECT_FALSE(FindDocumentQuad(scan.get()).has_value());
}

TEST(DocumentCrop, OnALightDeskNothingIsCut) {
  // The desk is as light as the card: no evidence of a photographed card.
  const std::array<cv::Point2f, 4> corners = {cv::Point2f(190, 210), cv::Point2f(1230, 170), cv::Point2f(1250, 800),
                                              cv::Point2f(160, 780)};
  PixPtr photo = ToPix(Photo(Card(), corners, 225));
  EXPECT_FALSE(FindDocumentQuad(photo.get()).has_value());
}

// A dark fabric whose weave catches the light in small letter-sized
// streaks: lighter than the desk but far from the paper's white, so they are
// no lettering going on past the card's edge (a coloured header band's
// is: preprocess_test), and the card is cut out.
TEST(DocumentCrop, LightStreaksOfATexturedDeskAreNoLettering) {
  const std::array<cv::Point2f, 4> corners = {cv::Point2f(190, 210), cv::Point2f(1230, 170), cv::Point2f(1250, 800),
                                              cv::Point2f(160, 780)};
  cv::Mat photo = Photo(Card(), corners, 60);
  const cv::Mat card_mask = CardMask(corners, photo.size(), 12);
  int streaks = 0;
  for (int y = 20; y < photo.rows - 40; y += 38)
    for (int x = 15 + (y / 38 % 2) * 20; x < photo.cols - 20; x += 40) {
      if (card_mask.at<uchar>(y + 10, x + 5)) continue;
      cv::ellipse(photo, cv::Point(x + 5, y + 10), cv::Size(5, 11), 0, 0, 360, cv::Scalar(112), cv::FILLED);
      ++streaks;
    }
  ASSERT_GT(streaks, 100);
  PixPtr p = ToPix(photo);
  auto q = FindDocumentQuad(p.get());
  ASSERT_TRUE(q.has_value());
  EXPECT_LT(Gap(q->tl, corners[0]), 12);
  EXPECT_LT(Gap(q->br, corners[2]), 12);
}

// A card on a patterned cloth whose light motifs (flowers) are as light as
// the paper and scattered all around it: no lettering going on past one
// edge, and the card is found.
TEST(DocumentCrop, ACardOnAPatternedClothIsFound) {
  const std::array<cv::Point2f, 4> corners = {cv::Point2f(250, 230), cv::Point2f(1180, 190), cv::Point2f(1210, 760),
                                              cv::Point2f(220, 800)};
  cv::Mat photo = Photo(Card(), corners, 70);
  const cv::Mat card_mask = CardMask(corners, photo.size(), 30);
  for (int y = 20; y < photo.rows - 20; y += 46)
    for (int x = 20 + (y / 46 % 2) * 23; x < photo.cols - 20; x += 46) {
      if (card_mask.at<uchar>(y, x)) continue;
      for (int petal = 0; petal < 5; ++petal) {
        const double a = petal * 2 * M_PI / 5;
        cv::circle(photo, cv::Point(x + static_cast<int>(7 * std::cos(a)), y + static_cast<int>(7 * std::sin(a))), 5,
                   cv::Scalar(238), cv::FILLED);
      }
    }
  ExpectFoundAt(photo, corners, 15);
}

// A card photographed from further away on cork: the speckles give edges
// all over the desk, the card covers a sixth of the photo and a dark rule
// runs across it. It is found as the largest light region.
TEST(DocumentCrop, ASmallCardOnCorkIsFoundAsTheLightRegion) {
  const std::array<cv::Point2f, 4> corners = {cv::Point2f(480, 380), cv::Point2f(950, 330), cv::Point2f(985, 630),
                                              cv::Point2f(505, 690)};
  cv::Mat card = Card();
  cv::line(card, cv::Point(0, 130), cv::Point(1049, 130), cv::Scalar(40), 8);
  cv::Mat photo = OnCork(card, corners, 11);
  ExpectFoundAt(photo, corners, 15);
}

// A card pinned on cork beside a sheet that runs out of the photo (a larger
// light region, but no document lying whole on the desk), with a dark band
// across one corner that cuts its outline: the card is found.
TEST(DocumentCrop, ACardBesideASheetHalfOutOfThePhotoIsFound) {
  const std::array<cv::Point2f, 4> corners = {cv::Point2f(430, 380), cv::Point2f(850, 350), cv::Point2f(870, 610),
                                              cv::Point2f(450, 640)};
  cv::Mat card = Card();
  std::vector<cv::Point> corner_band = {{830, 0}, {1049, 0}, {1049, 160}};
  cv::fillConvexPoly(card, corner_band, cv::Scalar(120));
  cv::Mat photo = OnCork(card, corners, 5);
  // A sheet from (1000, 450) off the right and bottom edges.
  cv::rectangle(photo, cv::Rect(1000, 450, 400, 550), cv::Scalar(245), cv::FILLED);
  ExpectFoundAt(photo, corners, 20);
}

// A flat card (a scan or a screenshot) whose coloured header band holds a
// short name: the light part under the band reaches the image's edges, so
// it is the card itself, not a document lying on something dark.
TEST(DocumentCrop, TheLightPartOfAFlatCardUnderItsBandIsNotCut) {
  cv::Mat card = Card();
  cv::rectangle(card, cv::Rect(0, 0, 1050, 120), cv::Scalar(35), cv::FILLED);
  cv::putText(card, "IBM", cv::Point(60, 80), cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(245), 3, cv::LINE_AA);
  PixPtr p = ToPix(card);
  EXPECT_FALSE(FindDocumentQuad(p.get()).has_value());
}

}  // namespace
}  // namespace docflow
