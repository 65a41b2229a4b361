#include "common/percent_encoding.h"

#include <gtest/gtest.h>

namespace docflow {
namespace {

TEST(PercentEncoding, EncodesAllButUnreservedAndRoundTrips) {
  EXPECT_EQ(PercentEncode("Facture n°12 (copie).pdf"), "Facture%20n%C2%B012%20%28copie%29.pdf");
  EXPECT_EQ(PercentEncode("a-b_c.d~e"), "a-b_c.d~e");
  const std::string name = "../../etc/passwd été";
  EXPECT_EQ(PercentDecode(PercentEncode(name)), name);
}

TEST(PercentEncoding, DecodeKeepsBrokenEscapes) {
  EXPECT_EQ(PercentDecode("re%C3%A7u%2fx"), "reçu/x");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("%zz%41"), "%zzA");
}

}  // namespace
}  // namespace docflow
