#include "common/yaml_json.h"

#include <gtest/gtest.h>

namespace docflow {
namespace {

TEST(YamlJson, ScalarsStayStringsInMapsAndLists) {
  auto j = YamlToJson(YAML::Load("a: 12\nb: [x, true]\nc: ~\n"));
  EXPECT_EQ(j["a"], "12");
  EXPECT_EQ(j["b"], nlohmann::json::array({"x", "true"}));
  EXPECT_TRUE(j["c"].is_null());
}

TEST(YamlJson, StructuredSettingParsesTextKeepsJsonAndNamesTheKeyOnError) {
  auto from_env = StructuredSetting("- dir: /in\n  recursive: true\n", "inbox.folders");
  ASSERT_TRUE(from_env) << from_env.error().message;
  EXPECT_EQ((*from_env)[0]["dir"], "/in");

  nlohmann::json file_value = nlohmann::json::array({{{"dir", "/x"}}});
  EXPECT_EQ(*StructuredSetting(file_value, "inbox.folders"), file_value);

  auto blank = StructuredSetting("  \n", "mail.accounts");
  ASSERT_TRUE(blank);
  EXPECT_TRUE(blank->is_null());

  auto bad = StructuredSetting("- [unclosed", "mail.accounts");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("mail.accounts: cannot read"), std::string::npos);
}

}  // namespace
}  // namespace docflow
