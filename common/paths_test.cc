#include "common/paths.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace docflow {

TEST(Paths, SanitizeFilenameKeepsOnlyASafeLastComponent) {
  EXPECT_EQ(SanitizeFilename("../../etc/passwd"), "passwd");
  EXPECT_EQ(SanitizeFilename("C:\\Users\\x\\facture.pdf"), "facture.pdf");
  EXPECT_EQ(SanitizeFilename("..."), "unnamed");
  EXPECT_EQ(SanitizeFilename(""), "unnamed");
  EXPECT_EQ(SanitizeFilename(".hidden"), "hidden");
  EXPECT_EQ(SanitizeFilename(std::string("a\nb\0c.pdf", 9)), "abc.pdf");
  EXPECT_EQ(SanitizeFilename("reçu été.pdf"), "reçu été.pdf");
  std::string longname(300, 'x');
  EXPECT_EQ(SanitizeFilename(longname).size(), 200u);
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "é";  // 2 bytes each: cut on a character boundary
  std::string cut = SanitizeFilename(accents);
  EXPECT_LE(cut.size(), 200u);
  EXPECT_EQ(cut.size() % 2, 0u);
}

TEST(Paths, HomesGetDistinctStablePorts) {
  int a = BasePortForHome("/srv/docflow/a");
  EXPECT_EQ(a, BasePortForHome("/srv/docflow/a/"));
  EXPECT_NE(a, BasePortForHome("/srv/docflow/b"));
  EXPECT_GE(a, 20000);
  EXPECT_LE(a, 39990);
  EXPECT_EQ(a % 10, 0);
}

TEST(Paths, WriteFileDurablyReplacesAtomically) {
  std::string dir = "/tmp/docflow-paths-" + std::to_string(::getpid());
  ASSERT_TRUE(WriteFileDurably(dir + "/f", "one").ok());
  ASSERT_TRUE(WriteFileDurably(dir + "/f", "two").ok());
  auto r = ReadFile(dir + "/f");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "two");
  EXPECT_FALSE(ReadFile(dir + "/missing").ok());
  std::filesystem::remove_all(dir);
}

}  // namespace docflow
