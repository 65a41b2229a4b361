// Text encodings of contact-card files: UTF-8, UTF-16 with a BOM, Windows-1252.
#include "workers/preprocess/text_encoding.h"

#include <gtest/gtest.h>

#include <string>

#include "workers/preprocess/preprocess.h"

namespace docflow {
namespace {

// "Zoë 😀" in UTF-16, little- or big-endian, with its byte-order mark.
std::string Utf16(bool little) {
  const char16_t units[] = {u'Z', u'o', 0x00EB, u' ', 0xD83D, 0xDE00};
  std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t u : units) {
    const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out += little ? std::string{lo, hi} : std::string{hi, lo};
  }
  return out;
}

TEST(TextEncoding, Utf16WithAByteOrderMark) {
  EXPECT_EQ(TextToUtf8(Utf16(true)), "Zo\xC3\xAB \xF0\x9F\x98\x80");
  EXPECT_EQ(TextToUtf8(Utf16(false)), "Zo\xC3\xAB \xF0\x9F\x98\x80");
  // An unpaired surrogate and an odd last byte become U+FFFD.
  EXPECT_EQ(TextToUtf8(std::string("\xFF\xFE\x3D\xD8\x41\x00\x42", 7)), "\xEF\xBF\xBD" "A\xEF\xBF\xBD");
}

TEST(TextEncoding, Utf8IsKeptAndLatin1IsConverted) {
  EXPECT_EQ(TextToUtf8("J\xC3\xBCrgen M\xC3\xBCller"), "J\xC3\xBCrgen M\xC3\xBCller");
  EXPECT_EQ(TextToUtf8("\xEF\xBB\xBFZo\xC3\xAB"), "Zo\xC3\xAB");  // UTF-8 BOM dropped
  // ISO-8859-1 / Windows-1252: "Jürgen Müller", "Straße", the euro sign.
  EXPECT_EQ(TextToUtf8("J\xFCrgen M\xFCller"), "J\xC3\xBCrgen M\xC3\xBCller");
  EXPECT_EQ(TextToUtf8("Stra\xDF" "e \x80"), "Stra\xC3\x9F" "e \xE2\x82\xAC");
  EXPECT_EQ(TextToUtf8("\x81"), "\xEF\xBF\xBD");  // unassigned in Windows-1252
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));           // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));       // surrogate
  EXPECT_TRUE(IsValidUtf8("plain ASCII"));
}

// Whole files: a UTF-16 vCard and a Windows-1252 vCard 2.1 are contact cards
// whose text is UTF-8.
TEST(TextEncoding, CardsInOtherEncodingsArePreprocessed) {
  const std::string card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xC3\xAB Martin\r\nEND:VCARD\r\n";
  std::string utf16 = "\xFF\xFE";
  for (size_t i = 0; i < card.size(); ++i) {
    const auto c = static_cast<unsigned char>(card[i]);
    if (c == 0xC3) {  // the one two-byte character: U+00EB
      utf16 += std::string{static_cast<char>(0xEB), '\0'};
      ++i;
      continue;
    }
    utf16 += std::string{static_cast<char>(c), '\0'};
  }
  auto r = Preprocess(utf16, PreprocessOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->pages.size(), 1u);
  EXPECT_NE(r->pages[0].text.find("FN:Zo\xC3\xAB Martin"), std::string::npos) << r->pages[0].text;

  auto latin = Preprocess("BEGIN:VCARD\r\nVERSION:2.1\r\nN:M\xFCller;J\xFCrgen\r\nEND:VCARD\r\n", PreprocessOptions{});
  ASSERT_TRUE(latin.ok()) << latin.error().message;
  EXPECT_NE(latin->pages[0].text.find("N:M\xC3\xBCller;J\xC3\xBCrgen"), std::string::npos) << latin->pages[0].text;
}

}  // namespace
}  // namespace docflow
