#include "tests/test_database.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>

#include <gtest/gtest.h>

#include "storage/migrator.h"
#include "storage/test_sql.h"

namespace docflow::testing {

TestDatabase::TestDatabase() {
  const char* admin = std::getenv("DOCFLOW_TEST_DATABASE_URL");
  if (!admin || !*admin) {
    ADD_FAILURE() << "DOCFLOW_TEST_DATABASE_URL is not set: run the suite with ./docflow.sh test, which starts "
                     "PostgreSQL and sets it";
    return;
  }
  admin_url_ = admin;
  std::random_device rd;
  name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000);
  auto db = Db::Connect(admin_url_);
  if (!db) {
    ADD_FAILURE() << db.error().message;
    return;
  }
  if (auto s = (*db)->Exec("CREATE DATABASE " + name_); !s) {
    ADD_FAILURE() << s.error().message;
    return;
  }
  // Same server, other database: replace the path of the URL.
  url_ = std::regex_replace(admin_url_, std::regex(R"(^(postgres(ql)?://[^/]*)/[^?]*)"), "$1/" + name_);
  auto test_db = Db::Connect(url_);
  if (!test_db) {
    ADD_FAILURE() << test_db.error().message;
    return;
  }
  auto n = Migrate(**test_db);
  if (!n) {
    ADD_FAILURE() << n.error().message;
    return;
  }
  ok_ = true;
}

TestDatabase::~TestDatabase() {
  if (name_.empty()) return;
  auto db = Db::Connect(admin_url_);
  if (db) (void)(*db)->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

std::unique_ptr<Db> TestDatabase::Connect() const {
  auto db = Db::Connect(url_);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  return db ? std::move(*db) : nullptr;
}

long long TestDatabase::Scalar(const std::string& sql) const {
  auto db = Connect();
  if (!db) return -1;
  auto v = QueryScalar(*db, sql);
  EXPECT_TRUE(v.ok()) << sql << ": " << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : -1;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "docflow-test-XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  path_ = p ? p : "";
  EXPECT_FALSE(path_.empty());
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

}  // namespace docflow::testing
