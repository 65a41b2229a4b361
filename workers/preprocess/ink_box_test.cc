// The ink box of a mostly blank page (ink_box.h), on pages drawn here.
#include "workers/preprocess/ink_box.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "workers/preprocess/image_enhance.h"

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

// An A4 page at 300 dpi (2481 px wide: rows end in padding) with three lines
// of text in a block whose corners are known.
cv::Mat NoteOnA4(unsigned char paper = 255) {
  cv::Mat img(3508, 2481, CV_8UC1, cv::Scalar(paper));
  for (int i = 0; i < 3; ++i) {
    cv::putText(img, "Short note, three lines", cv::Point(700, 1500 + 90 * i), cv::FONT_HERSHEY_SIMPLEX, 1.6,
                cv::Scalar(20), 3, cv::LINE_AA);
  }
  return img;
}

// The smallest box around every pixel darker than `below`.
cv::Rect DarkBox(const cv::Mat& img, int below) {
  cv::Mat mask = img < below;
  return cv::boundingRect(mask);
}

TEST(InkBox, FindsTheInkOfANearlyBlankPageOnThePageGrid) {
  cv::Mat img = NoteOnA4();
  PixPtr pix = ToPix(img);
  auto box = FindSmallInkBox(pix.get(), 100, 0.25);
  ASSERT_TRUE(box.has_value());
  const cv::Rect ink = DarkBox(img, 207);
  EXPECT_LE(box->x, ink.x - 100);
  EXPECT_LE(box->y, ink.y - 100);
  EXPECT_GE(box->x + box->w, ink.x + ink.width + 100);
  EXPECT_GE(box->y + box->h, ink.y + ink.height + 100);
  // No more than the pad and the grid's 32 px beyond the ink on any side.
  EXPECT_GT(box->x, ink.x - 100 - 32 - 4);
  EXPECT_LT(box->x + box->w, ink.x + ink.width + 100 + 32 + 4);
  EXPECT_EQ(box->x % 32, 0);
  EXPECT_EQ(box->y % 32, 0);
  EXPECT_EQ((2481 - box->x - box->w) % 32, 0);
  EXPECT_EQ((3508 - box->y - box->h) % 32, 0);
  EXPECT_EQ(box->paper, 255);
  EXPECT_LT(box->share, 0.1);
}

TEST(InkBox, AHairlineIsInk) {
  cv::Mat img(1200, 1000, CV_8UC1, cv::Scalar(250));
  cv::line(img, cv::Point(300, 601), cv::Point(500, 601), cv::Scalar(150), 1);  // one pixel, on no block's edge
  PixPtr pix = ToPix(img);
  auto box = FindSmallInkBox(pix.get(), 0, 0.25);
  ASSERT_TRUE(box.has_value());
  EXPECT_LE(box->y, 601);
  EXPECT_GE(box->y + box->h, 602);
  EXPECT_EQ(box->paper, 250);
}

TEST(InkBox, OtherPagesAreLeftToTheWholePageSteps) {
  // Blank paper: no ink.
  PixPtr blank = ToPix(cv::Mat(1200, 1000, CV_8UC1, cv::Scalar(255)));
  EXPECT_FALSE(FindSmallInkBox(blank.get(), 32, 0.25).has_value());
  // Dark or coloured paper (a photo, a grey card).
  PixPtr dim = ToPix(NoteOnA4(150));
  EXPECT_FALSE(FindSmallInkBox(dim.get(), 32, 0.25).has_value());
  // Ink from top to bottom of the page.
  cv::Mat full = NoteOnA4();
  cv::putText(full, "footer", cv::Point(100, 3400), cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(20), 3);
  cv::putText(full, "header", cv::Point(2000, 100), cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(20), 3);
  PixPtr spread = ToPix(full);
  EXPECT_FALSE(FindSmallInkBox(spread.get(), 32, 0.25).has_value());
  // Faint marks (lighter than the paper by less than 48) are not ink.
  cv::Mat faint(1200, 1000, CV_8UC1, cv::Scalar(255));
  cv::rectangle(faint, cv::Rect(100, 100, 800, 900), cv::Scalar(215), cv::FILLED);
  cv::rectangle(faint, cv::Rect(400, 500, 50, 20), cv::Scalar(0), cv::FILLED);
  PixPtr light = ToPix(faint);
  auto box = FindSmallInkBox(light.get(), 0, 0.25);
  ASSERT_TRUE(box.has_value());  // the median is the light grey: the black bar alone is ink
  EXPECT_NEAR(box->paper, 215, 1);  // a rank read from a histogram
  EXPECT_LT(box->share, 0.01);
  // Not 8 bpp, or too small to reduce.
  PixPtr bin(pixCreate(1000, 1000, 1));
  EXPECT_FALSE(FindSmallInkBox(bin.get(), 32, 0.25).has_value());
  PixPtr tiny = ToPix(cv::Mat(40, 40, CV_8UC1, cv::Scalar(255)));
  EXPECT_FALSE(FindSmallInkBox(tiny.get(), 0, 1.0).has_value());
}

}  // namespace
}  // namespace docflow
