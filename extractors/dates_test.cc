#include "extractors/dates.h"

#include <gtest/gtest.h>

namespace docflow::dates {
namespace {

TEST(ParseDate, Formats) {
  EXPECT_EQ(ParseDate("12 mars 2024"), "2024-03-12");
  EXPECT_EQ(ParseDate("1er janvier 2024"), "2024-01-01");
  EXPECT_EQ(ParseDate("12/03/2024"), "2024-03-12");
  EXPECT_EQ(ParseDate("12.03.2024"), "2024-03-12");
  EXPECT_EQ(ParseDate("March 12, 2024"), "2024-03-12");
  EXPECT_EQ(ParseDate("Oct. 11, 1996"), "1996-10-11");
  EXPECT_EQ(ParseDate("2024-03-12"), "2024-03-12");
  EXPECT_EQ(ParseDate("12-Mar-2024"), "2024-03-12");
  EXPECT_EQ(ParseDate("13th day of October, 1999"), "1999-10-13");
  EXPECT_EQ(ParseDate("15TH DECEMBER 2001"), "2001-12-15");
  EXPECT_EQ(ParseDate("5. Februar 2019"), "2019-02-05");
  EXPECT_EQ(ParseDate("20 août 2024"), "2024-08-20");
  EXPECT_EQ(ParseDate("20240312"), "2024-03-12");
  EXPECT_EQ(ParseDate("14/02/24"), "2024-02-14");
  // Dutch month names.
  EXPECT_EQ(ParseDate("5 maart 2024"), "2024-03-05");
  EXPECT_EQ(ParseDate("12 mei 2023"), "2023-05-12");
  EXPECT_EQ(ParseDate("3 mrt. 2024"), "2024-03-03");
  EXPECT_EQ(ParseDate("31 augustus 2022"), "2022-08-31");
}

TEST(ParseDate, DayMonthOrder) {
  EXPECT_EQ(ParseDate("03/04/2024", DateOrder::kDayFirst), "2024-04-03");
  EXPECT_EQ(ParseDate("03/04/2024", DateOrder::kMonthFirst), "2024-03-04");
  // A part > 12 decides whatever the default.
  EXPECT_EQ(ParseDate("03/14/2024", DateOrder::kDayFirst), "2024-03-14");
  EXPECT_EQ(ParseDate("14/03/2024", DateOrder::kMonthFirst), "2024-03-14");
}

TEST(ParseDate, RejectsInvalid) {
  EXPECT_FALSE(ParseDate("31/02/2024"));
  EXPECT_FALSE(ParseDate("29/02/2023"));
  EXPECT_TRUE(ParseDate("29/02/2024"));
  EXPECT_FALSE(ParseDate("hello"));
  EXPECT_FALSE(ParseDate("Invoice 12/03/2024"));
}

TEST(FindDates, PositionsAndFlags) {
  std::string s = "Date d'émission : 12/03/2024 · Échéance : 20240411";
  auto d = FindDates(s);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].iso, "2024-03-12");
  EXPECT_EQ(s.substr(d[0].begin, d[0].end - d[0].begin), "12/03/2024");
  EXPECT_TRUE(d[0].ambiguous);
  EXPECT_EQ(d[1].iso, "2024-04-11");
  EXPECT_TRUE(d[1].compact);
  EXPECT_TRUE(FindDates("Tel 01 23 45 67 89, version 1.2.3, 12:30").empty());
}

// OCR's "Sth" / "Ist" for the day 5th / 1st, next to a month name; the raw
// text is the text as printed. Elsewhere the words are left alone.
TEST(FindDates, OcrOrdinalDayNextToAMonth) {
  std::string s = "Date: March Sth, 2024   Due: April Ist, 2024";
  auto d = FindDates(s);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].iso, "2024-03-05");
  EXPECT_EQ(d[0].raw, "March Sth, 2024");
  EXPECT_EQ(d[1].iso, "2024-04-01");
  EXPECT_EQ(ParseDate("Sth May 2023"), "2023-05-05");
  // German "ist" before a month is a word, not a day.
  EXPECT_TRUE(FindDates("Das Zahlungsziel ist März 2024").empty());
  EXPECT_TRUE(FindDates("the 5th or Sth edition, 2024").empty());
  // French "1er" read "ler" or "Ier" before a month.
  auto fr = FindDates("La mission prend effet à compter du ler janvier 2025, puis le Ier mars 2026.");
  ASSERT_EQ(fr.size(), 2u);
  EXPECT_EQ(fr[0].iso, "2025-01-01");
  EXPECT_EQ(fr[0].raw, "ler janvier 2025");
  EXPECT_EQ(fr[1].iso, "2026-03-01");
  EXPECT_TRUE(FindDates("Le premier atelier ler").empty());
}

// "Feb 1 – Feb 29" is a range of days, not 1 February 2029; a short year
// after a day and a month is still read ("14 MAR 24" on a receipt).
TEST(FindDates, ARangeOfDaysIsNoDateWithAShortYear) {
  EXPECT_TRUE(FindDates("Period: Feb 1 \xE2\x80\x93 Feb 29").empty());
  EXPECT_TRUE(FindDates("Billing period Mar 3 - Mar 28").empty());
  auto d = FindDates("14 MAR 24 10:42");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].iso, "2024-03-14");
}

// A superscript "er" read by OCR as a degree sign or a percent sign.
TEST(FindDates, OcrSuperscriptOrdinals) {
  EXPECT_EQ(ParseDate("1\xC2\xB0\xE2\x80\x99 avril 2024"), "2024-04-01");
  EXPECT_EQ(ParseDate("1% juillet 2024"), "2024-07-01");
  EXPECT_EQ(ParseDate("1er octobre 2024"), "2024-10-01");
}

// Days written as ordinal words, in English and French.
TEST(FindDates, DaysWrittenAsOrdinalWords) {
  EXPECT_EQ(ParseDate("first day of May, 2025"), "2025-05-01");
  EXPECT_EQ(ParseDate("thirtieth day of April, 2030"), "2030-04-30");
  EXPECT_EQ(ParseDate("twenty-first day of June 2024"), "2024-06-21");
  EXPECT_EQ(ParseDate("thirty first of December, 2026"), "2026-12-31");
  EXPECT_EQ(ParseDate("premier avril 2025"), "2025-04-01");
  EXPECT_EQ(ParseDate("twelfth day of March 2024"), "2024-03-12");
  // Not a day: "thirtieth" of February, "twenty-tenth" (no such word).
  EXPECT_FALSE(ParseDate("thirtieth day of February, 2025").has_value());
  EXPECT_FALSE(ParseDate("twenty-tenth day of May, 2025").has_value());
  auto found = FindDates("commencing on the first day of May, 2025 and expiring on the thirtieth day of April, 2030");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].iso, "2025-05-01");
  EXPECT_EQ(found[1].iso, "2030-04-30");
  EXPECT_EQ(found[1].raw, "thirtieth day of April, 2030");
}

TEST(InferDateOrder, FromDocumentEvidence) {
  // A US address without a dollar sign: month first.
  EXPECT_EQ(InferDateOrder("BLUE MOON DINER\n77 Elm St\nBurlington, VT 05401\n08/03/2024 7:52 PM\nTotal 32.86"),
            DateOrder::kMonthFirst);
  EXPECT_EQ(InferDateOrder("Café du Port\n33000 Bordeaux\n08/03/2024\nTotal 32,86"), DateOrder::kDayFirst);
  EXPECT_EQ(InferDateOrder("Invoice date 11/03/2017 paid 11/17/2017"), DateOrder::kMonthFirst);
  EXPECT_EQ(InferDateOrder("Date 03/04/2024 livraison 25/04/2024"), DateOrder::kDayFirst);
  EXPECT_EQ(InferDateOrder("Total $12.00 on 03/04/2024"), DateOrder::kMonthFirst);
  EXPECT_EQ(InferDateOrder("Total 12,00 € le 03/04/2024"), DateOrder::kDayFirst);
}

}  // namespace
}  // namespace docflow::dates
