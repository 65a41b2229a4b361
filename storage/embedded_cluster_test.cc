// Integration test of the embedded PostgreSQL cluster: real initdb, pg_ctl and
// psql in a temporary home.
#include "storage/embedded_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern char** environ;

namespace docflow {
namespace {

namespace fs = std::filesystem;

// A port that was free a moment ago (bind to port 0 and read it back).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string PsqlPath() {
  const char* p = "/usr/lib/postgresql/15/bin/psql";
  return ::access(p, X_OK) == 0 ? p : "psql";
}

// Runs argv, returns {exit code, stdout+stderr}.
std::pair<int, std::string> Run(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {-1, "pipe"};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = ::posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  std::string out;
  if (rc == 0) {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, n);
  }
  ::close(fds[0]);
  if (rc != 0) return {-1, "spawn failed"};
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::pair<int, std::string> Psql(const std::string& url, const std::string& sql) {
  return Run({PsqlPath(), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql});
}

class EmbeddedClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/docflow-ec-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
    ::chmod(tmp_.c_str(), 0755);  // traversable by the unprivileged postgres user
    home_ = (fs::path(tmp_) / "home").string();
  }
  void TearDown() override {
    (void)StopEmbeddedCluster(home_);
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }
  std::string tmp_;
  std::string home_;
};

TEST_F(EmbeddedClusterTest, StartIsIdempotentAndKeepsData) {
  int port = FreePort();
  ASSERT_GT(port, 0);

  auto before = EmbeddedClusterInfo(home_, port);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_FALSE(before->running);

  auto info = StartEmbeddedCluster(home_, port);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->port, port);
  EXPECT_EQ(info->url, "postgresql://docflow@127.0.0.1:" + std::to_string(port) + "/docflow");
  EXPECT_TRUE(fs::exists(fs::path(info->data_dir) / "PG_VERSION"));
  EXPECT_TRUE(fs::exists(fs::path(home_) / "logs" / "postgres.log"));

  auto [rc, out] = Psql(info->url, "select 1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_EQ(out, "1\n");

  // Idempotent; a different port argument loses against the recorded one.
  auto again = StartEmbeddedCluster(home_, port == 65000 ? 65001 : 65000);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->port, port);
  EXPECT_EQ(again->url, info->url);

  auto status = EmbeddedClusterInfo(home_, 1);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_TRUE(status->running);
  EXPECT_EQ(status->port, port);

  std::tie(rc, out) = Psql(info->url, "create table kept (v text); insert into kept values ('hello')");
  ASSERT_EQ(rc, 0) << out;

  ASSERT_TRUE(StopEmbeddedCluster(home_).ok());
  auto stopped = EmbeddedClusterInfo(home_, port);
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(stopped->running);
  EXPECT_EQ(stopped->port, port);
  ASSERT_TRUE(StopEmbeddedCluster(home_).ok()) << "stopping a stopped cluster is OK";

  // Restart with a different port argument: the recorded port wins.
  auto restarted = StartEmbeddedCluster(home_, port == 65000 ? 65001 : 65000);
  ASSERT_TRUE(restarted.ok()) << restarted.error().message;
  EXPECT_EQ(restarted->port, port);
  std::tie(rc, out) = Psql(restarted->url, "select v from kept");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_EQ(out, "hello\n");

  ASSERT_TRUE(StopEmbeddedCluster(home_).ok());
}

TEST_F(EmbeddedClusterTest, PortUsedByAnotherProgramIsAnError) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);

  auto info = StartEmbeddedCluster(home_, port);
  ::close(fd);
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.error().message.find("port " + std::to_string(port)), std::string::npos)
      << info.error().message;
  EXPECT_FALSE(info.error().retryable);
}

TEST_F(EmbeddedClusterTest, UntraversableParentIsAClearError) {
  if (::geteuid() != 0) GTEST_SKIP() << "only relevant when running as root";
  fs::path closed = fs::path(tmp_) / "closed";
  ASSERT_EQ(::mkdir(closed.c_str(), 0700), 0);
  std::string home = (closed / "home").string();
  auto info = StartEmbeddedCluster(home, FreePort());
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.error().message.find(closed.string()), std::string::npos) << info.error().message;
  EXPECT_NE(info.error().message.find("chmod"), std::string::npos) << info.error().message;
}

TEST_F(EmbeddedClusterTest, UnsafePathIsRejected) {
  auto info = StartEmbeddedCluster(tmp_ + "/has space", FreePort());
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.error().message.find("has space"), std::string::npos) << info.error().message;
}

}  // namespace
}  // namespace docflow
