#include "pipeline/mail/uuencode.h"

#include <gtest/gtest.h>

namespace docflow::mail {
namespace {

// "Cat" uuencoded is "#0V%T"; a second, 45-byte line exercises a full line.
TEST(Uuencode, DecodesALine) {
  std::string out;
  ASSERT_TRUE(DecodeUuLine("#0V%T", out));
  EXPECT_EQ(out, "Cat");
}

TEST(Uuencode, StrippedTrailingBlanksCountAsZero) {
  // "Ca" + NUL: the encoder wrote "#0V$ " / "#0V$`"; a mailer stripped the last char.
  std::string full, stripped;
  ASSERT_TRUE(DecodeUuLine("#0V$`", full));
  ASSERT_TRUE(DecodeUuLine("#0V$", stripped));
  EXPECT_EQ(full, std::string("Ca\0", 3));
  EXPECT_EQ(stripped, full);
}

TEST(Uuencode, RejectsLinesOutsideTheAlphabetOrTooLong) {
  std::string out;
  EXPECT_FALSE(DecodeUuLine("#hello", out));                     // lower case is not uuencode
  EXPECT_FALSE(DecodeUuLine("!ABCDEFGHIJKLMNOPQRSTUVWXYZ", out));  // 1 byte cannot take 26 characters
}

TEST(Uuencode, FindsBlocksInText) {
  std::string text =
      "Hello,\r\nhere are two files.\r\n\r\n"
      "begin 644 cat.txt\r\n#0V%T\r\n`\r\nend\r\n"
      "and\n"
      "begin 0600 ../../etc/passwd\n#0V%T\n`\nend\n"
      "bye\n";
  auto blocks = FindUuencodedBlocks(text, 10);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].name, "cat.txt");
  EXPECT_EQ(blocks[0].bytes, "Cat");
  EXPECT_TRUE(blocks[0].complete);
  EXPECT_EQ(blocks[1].name, "../../etc/passwd");  // a name, not sanitised here
  EXPECT_EQ(blocks[1].bytes, "Cat");
}

TEST(Uuencode, TruncatedOrInterruptedBlocksKeepWhatWasDecoded) {
  auto truncated = FindUuencodedBlocks("begin 644 a.bin\n#0V%T\n", 10);
  ASSERT_EQ(truncated.size(), 1u);
  EXPECT_EQ(truncated[0].bytes, "Cat");
  EXPECT_FALSE(truncated[0].complete);

  // Prose after the data ends the block; a begin line right after starts the next one.
  auto interrupted = FindUuencodedBlocks("begin 644 a.bin\n#0V%T\nsome prose\nbegin 644 b.bin\n#0V%T\nend\n", 10);
  ASSERT_EQ(interrupted.size(), 2u);
  EXPECT_FALSE(interrupted[0].complete);
  EXPECT_EQ(interrupted[1].name, "b.bin");
  EXPECT_TRUE(interrupted[1].complete);
}

TEST(Uuencode, IgnoresLookalikesAndRespectsTheBlockLimit) {
  EXPECT_TRUE(FindUuencodedBlocks("begin the meeting at 10\nend\n", 10).empty());  // no octal mode
  EXPECT_TRUE(FindUuencodedBlocks("begin 644 empty.txt\n`\nend\n", 10).empty());   // decodes to nothing
  std::string many;
  for (int i = 0; i < 5; ++i) many += "begin 644 f" + std::to_string(i) + "\n#0V%T\nend\n";
  EXPECT_EQ(FindUuencodedBlocks(many, 3).size(), 3u);
}

}  // namespace
}  // namespace docflow::mail
