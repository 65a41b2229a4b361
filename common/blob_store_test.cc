#include "common/blob_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace docflow {

TEST(BlobStore, ContentAddressedDurableAndIdempotent) {
  auto root = std::filesystem::temp_directory_path() / ("blobs-" + std::to_string(::getpid()));
  BlobStore store(root.string());
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto sha = store.Put("abc");
  ASSERT_TRUE(sha.ok()) << sha.error().message;
  EXPECT_EQ(store.PathFor(*sha), root.string() + "/ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(std::filesystem::exists(store.PathFor(*sha)));
  auto again = store.Put("abc");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *sha);
  auto bytes = store.Get(*sha);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "abc");
  EXPECT_FALSE(store.Get(std::string(64, '0')).ok());
  EXPECT_FALSE(store.Get("../../etc/passwd").ok());  // never a path
  std::filesystem::remove_all(root);
}

}  // namespace docflow
