#include "workers/ocr/date_reread.h"

#include <gtest/gtest.h>

namespace docflow {
namespace {

Word W(const std::string& text, float conf) {
  Word w;
  w.text = text;
  w.confidence = conf;
  return w;
}

TEST(DateReread, DateShapedWords) {
  for (const char* yes : {"25/12/2018", "2018-03-06", "13.03.18", "1/2/2024", "25/12/2018,", "06/03/2016:", "2024-3-1"})
    EXPECT_TRUE(IsDateLike(yes)) << yes;
  for (const char* no : {"13:39", "9.00", "1.234,56", "25/12-2018", "25/12/201", "12345/12/2018", "TD9116/104",
                         "07-2614733", "25//2018", "2018/1/2/3", "", "Date"})
    EXPECT_FALSE(IsDateLike(no)) << no;
}

TEST(DateReread, PlausibleDates) {
  EXPECT_TRUE(PlausibleDate("25/12/2018"));
  EXPECT_TRUE(PlausibleDate("12/25/2018"));  // month first
  EXPECT_TRUE(PlausibleDate("2018-03-06"));
  EXPECT_TRUE(PlausibleDate("13.03.18"));
  EXPECT_FALSE(PlausibleDate("30/93/2018"));
  EXPECT_FALSE(PlausibleDate("36/43/2918"));
  EXPECT_FALSE(PlausibleDate("2018-13-06"));
  EXPECT_FALSE(PlausibleDate("00/03/2018"));
  EXPECT_FALSE(PlausibleDate("15/06/2817"));
}

TEST(DateReread, TwoReadingsThatAgreeOutvoteThePageReading) {
  // Receipt photos: "15/06/2017" read "13/06/2017" on the page, "15" twice cut out.
  EXPECT_EQ(VoteReadings(W("13/06/2017", 73), W("15/06/2017", 92), W("15/06/2017", 43)), "15/06/2017");
  // Character by character: each digit needs two readings.
  EXPECT_EQ(VoteReadings(W("26/01/2016", 87), W("25/01/2018", 95), W("26/01/2018", 96)), "26/01/2018");
  // All three differ at a place: the page's digit stays.
  EXPECT_EQ(VoteReadings(W("09/02/2018", 73), W("09/03/2018", 65), W("09/04/2018", 58)), "09/02/2018");
}

TEST(DateReread, AVoteThatIsNoDateKeepsThePageReading) {
  EXPECT_EQ(VoteReadings(W("30/03/2018", 71), W("30/93/2818", 34), W("35/93/2618", 36)), "30/03/2018");
}

TEST(DateReread, ReadingsOfAnotherShapeDoNotVote) {
  // One reading lost a separator: the other alone must be clearly surer.
  EXPECT_EQ(VoteReadings(W("20/04/2016", 38), W("20042014", 0), W("20/04/2014", 68)), "20/04/2014");
  EXPECT_EQ(VoteReadings(W("20/04/2016", 66), W("20042014", 0), W("20/04/2014", 68)), "20/04/2016");
  EXPECT_EQ(VoteReadings(W("20/04/2016", 60), W("", 0), W("2/04/2016", 99)), "20/04/2016");
}

TEST(DateReread, TrailingPunctuationOfThePageReadingStays) {
  EXPECT_EQ(VoteReadings(W("13/06/2017,", 73), W("15/06/2017", 92), W("15/06/2017", 90)), "15/06/2017,");
}

TEST(DateReread, CutOutBoxIsPaddedAndClipped) {
  auto same = [](const Box& a, const Box& b) { return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h; };
  EXPECT_TRUE(same(RereadBox(Box{100, 50, 200, 40}, 1000, 1000), Box{90, 40, 220, 60}));
  EXPECT_TRUE(same(RereadBox(Box{3, 2, 50, 4}, 52, 5), Box{1, 0, 51, 5}));
}

TEST(DateReread, WordsAreReplacedInThePageTextInReadingOrder) {
  const std::string text = "Date 13/06/2017 Time 13:39\nPaid 13/06/2017\n";
  EXPECT_EQ(SpliceWords(text, {{"Date", "Date"}, {"13/06/2017", "15/06/2017"}, {"Time", "Time"}, {"13:39", "13:39"},
                               {"Paid", "Paid"}, {"13/06/2017", "13/06/2017"}}),
            "Date 15/06/2017 Time 13:39\nPaid 13/06/2017\n");
  // The second occurrence only, when it is the one re-read.
  EXPECT_EQ(SpliceWords(text, {{"13/06/2017", "13/06/2017"}, {"13/06/2017", "15/06/2017"}}),
            "Date 13/06/2017 Time 13:39\nPaid 15/06/2017\n");
  // A word not in the text is skipped, the rest still placed.
  EXPECT_EQ(SpliceWords(text, {{"missing", "x"}, {"13:39", "13:38"}}), "Date 13/06/2017 Time 13:38\nPaid 13/06/2017\n");
}

}  // namespace
}  // namespace docflow
