#include "pipeline/mail/attachment_name.h"

#include <gtest/gtest.h>

namespace docflow::mail {
namespace {

TEST(AttachmentName, PathsAndControlCharactersNeverSurvive) {
  EXPECT_EQ(AttachmentFileName("../../etc/passwd", "text/plain", "2"), "passwd");
  EXPECT_EQ(AttachmentFileName("/etc/shadow", "text/plain", "2"), "shadow");
  EXPECT_EQ(AttachmentFileName("C:\\TEMP\\nsmailEG.png", "image/png", "2"), "nsmailEG.png");
  EXPECT_EQ(AttachmentFileName("a\r\nb\x01\x7f.pdf", "application/pdf", "2"), "ab.pdf");
  EXPECT_EQ(AttachmentFileName("..", "application/pdf", "2"), "unnamed");
  for (const char* hostile : {"../../etc/passwd", "..\\..\\boot.ini", "/", "\\\\server\\share\\x", "a/../../b"}) {
    std::string n = AttachmentFileName(hostile, "", "1");
    EXPECT_EQ(n.find('/'), std::string::npos) << hostile;
    EXPECT_EQ(n.find('\\'), std::string::npos) << hostile;
    EXPECT_NE(n.front(), '.') << hostile;
    EXPECT_NE(n, "..") << hostile;
  }
}

TEST(AttachmentName, NamelessPartsAreNamedByPathAndType) {
  EXPECT_EQ(AttachmentFileName("", "application/pdf", "1.2"), "part-1.2.pdf");
  EXPECT_EQ(AttachmentFileName("", "message/rfc822", "3"), "part-3.eml");
  EXPECT_EQ(AttachmentFileName("", "application/x-unknown", "1.u1"), "part-1.u1.bin");
}

TEST(AttachmentName, InvalidUtf8IsReplacedAndNulsDropped) {
  EXPECT_EQ(ToValidUtf8("Fr\xf6sche.txt"), "Fr\xEF\xBF\xBDsche.txt");
  EXPECT_EQ(ToValidUtf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(ToValidUtf8(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(ToValidUtf8("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(ToValidUtf8("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ToValidUtf8("\xe2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
}

TEST(AttachmentName, TypesAndExtensions) {
  EXPECT_EQ(TypeForFilename("SCAN.PDF"), "application/pdf");
  EXPECT_EQ(TypeForFilename("logo.gif"), "image/gif");
  EXPECT_EQ(TypeForFilename("photo.jpeg"), "image/jpeg");
  EXPECT_EQ(TypeForFilename("noext"), "application/octet-stream");
  EXPECT_EQ(ExtensionForType("Image/JPEG"), ".jpg");
  EXPECT_EQ(ExtensionForType("application/x-nothing"), "");
}

}  // namespace
}  // namespace docflow::mail
