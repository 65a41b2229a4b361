#include "common/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace docflow {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = "/tmp/docflow-config-" + std::to_string(::getpid());
    std::filesystem::create_directories(home_);
    ::setenv("DOCFLOW_HOME", home_.c_str(), 1);
    for (const char* v : {"DOCFLOW_CONFIG", "DOCFLOW_DATABASE_URL", "DOCFLOW_OCR_LANGUAGES", "DOCFLOW_JOBS_MAX_ATTEMPTS",
                          "DOCFLOW_BROKER_BIND", "DOCFLOW_BROKER_CONNECT", "DOCFLOW_HTTP_LISTEN"})
      ::unsetenv(v);
  }
  void TearDown() override { std::filesystem::remove_all(home_); }
  std::string home_;
};

TEST_F(ConfigTest, DefaultsDeriveFromTheHome) {
  auto c = Config::Load();
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->Home(), home_);
  EXPECT_EQ(c->Str("inbox.dir"), home_ + "/inbox");
  EXPECT_TRUE(c->UsesEmbeddedCluster());
  EXPECT_EQ(c->Str("ocr.languages"), "eng+fra");
  EXPECT_EQ(c->Int("jobs.max_attempts"), 3);
  int port = c->Int("database.port");
  EXPECT_EQ(c->Str("broker.bind"), "tcp://127.0.0.1:" + std::to_string(port + 1));
}

TEST_F(ConfigTest, HttpListensOn8080UnlessAutoGivesTheHomeItsOwnPort) {
  auto c = Config::Load();
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->Str("http.listen"), "127.0.0.1:8080");
  ::setenv("DOCFLOW_HTTP_LISTEN", "auto", 1);
  auto a = Config::Load();
  ::unsetenv("DOCFLOW_HTTP_LISTEN");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->Str("http.listen"), "127.0.0.1:" + std::to_string(a->Int("database.port") + 2));
}

TEST_F(ConfigTest, FileThenEnvironmentOverride) {
  std::ofstream(home_ + "/docflow.yaml") << "ocr:\n  languages: fra\njobs:\n  max_attempts: 5\n"
                                         << "broker:\n  bind: tcp://0.0.0.0:5555\n";
  ::setenv("DOCFLOW_JOBS_MAX_ATTEMPTS", "7", 1);
  ::setenv("DOCFLOW_DATABASE_URL", "postgresql://u:secret@db.example/x", 1);
  auto c = Config::Load();
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->Str("ocr.languages"), "fra");
  EXPECT_EQ(c->Int("jobs.max_attempts"), 7);
  EXPECT_EQ(c->Str("broker.connect"), "tcp://127.0.0.1:5555");
  EXPECT_FALSE(c->UsesEmbeddedCluster());
  std::string shown = c->Redacted().dump();
  EXPECT_EQ(shown.find("secret"), std::string::npos) << shown;
  ::unsetenv("DOCFLOW_JOBS_MAX_ATTEMPTS");
  ::unsetenv("DOCFLOW_DATABASE_URL");
}

TEST_F(ConfigTest, BadFileOrValueIsAClearError) {
  std::ofstream(home_ + "/docflow.yaml") << "ocr:\n  langauges: fra\n";
  auto c = Config::Load();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("unknown key ocr.langauges"), std::string::npos) << c.error().message;
  std::ofstream(home_ + "/docflow.yaml") << "jobs:\n  max_attempts: many\n";
  auto d = Config::Load();
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("not a number"), std::string::npos) << d.error().message;
  std::ofstream(home_ + "/docflow.yaml") << "ocr: [unclosed\n";
  EXPECT_FALSE(Config::Load().ok());
}

}  // namespace docflow
