// Embedded PostgreSQL cluster; see embedded_cluster.h for the contract.
#include "storage/embedded_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

extern char** environ;

namespace docflow {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDbUser = "docflow";
constexpr const char* kDbName = "docflow";
constexpr const char* kPortFile = "docflow.port";
constexpr size_t kMaxCapture = 1 << 20;

std::string ErrnoText(int err) { return std::strerror(err); }

std::string Trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string JoinArgs(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    out += a;
  }
  return out;
}

bool IsExecutable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0; }

// ---------------------------------------------------------------------------
// Process spawning: argument vectors only, stdin from /dev/null, stdout and
// stderr captured together, working directory "/" (so that an unprivileged
// user never has to enter the caller's cwd). PG* variables of the caller are
// dropped so that only the explicit arguments decide where a client connects.

struct ProcOutput {
  int exit_code = -1;  // exit status, or 128 + signal number
  std::string output;  // stdout and stderr, interleaved
};

Result<ProcOutput> RunCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return Permanent("internal: empty command");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Transient("pipe: " + ErrnoText(errno));

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawn_file_actions_addchdir_np(&fa, "/");

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  std::vector<std::string> env_store;
  for (char** e = environ; e && *e; ++e) {
    if (std::strncmp(*e, "PG", 2) == 0) continue;
    env_store.emplace_back(*e);
  }
  env_store.emplace_back("PGCONNECT_TIMEOUT=10");
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return Permanent("cannot run " + argv[0] + ": " + ErrnoText(rc));
  }

  ProcOutput out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (out.output.size() < kMaxCapture) out.output.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Transient("waitpid for " + argv[0] + ": " + ErrnoText(errno));
  }
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

// ---------------------------------------------------------------------------
// Users.

struct PgUser {
  bool switch_user = false;  // run binaries through runuser
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

std::optional<PgUser> LookupUser(const std::string& name) {
  struct passwd pw {};
  struct passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || !found) {
    return std::nullopt;
  }
  PgUser u;
  u.name = pw.pw_name;
  u.uid = pw.pw_uid;
  u.gid = pw.pw_gid;
  int n = 64;
  u.groups.resize(n);
  if (::getgrouplist(pw.pw_name, pw.pw_gid, u.groups.data(), &n) < 0) {
    u.groups.resize(n);
    ::getgrouplist(pw.pw_name, pw.pw_gid, u.groups.data(), &n);
  }
  u.groups.resize(std::max(n, 0));
  return u;
}

std::string FindSbin(const char* name) {
  for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"}) {
    std::string p = std::string(dir) + name;
    if (IsExecutable(p)) return p;
  }
  return name;  // let posix_spawnp search PATH
}

Result<PgUser> ResolveUser() {
  if (::geteuid() != 0) {
    PgUser u;
    u.switch_user = false;
    u.uid = ::geteuid();
    u.gid = ::getegid();
    return u;
  }
  if (auto u = LookupUser("postgres")) {
    u->switch_user = true;
    return *u;
  }
  if (!LookupUser("docflow")) {
    auto r = RunCommand({FindSbin("useradd"), "--system", "--user-group", "--no-create-home",
                         "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "docflow"});
    // A concurrent useradd may have won the race: look the user up again.
    if (!LookupUser("docflow")) {
      std::string detail = r ? Trim(r->output) : r.error().message;
      return Permanent("running as root, PostgreSQL needs an unprivileged user: no user "
                       "\"postgres\", and creating system user \"docflow\" with useradd failed: " +
                       detail);
    }
  }
  auto u = LookupUser("docflow");
  if (!u) return Permanent("user \"docflow\" vanished after useradd");
  u->switch_user = true;
  return *u;
}

// Whether `u` may search (traverse) a directory with the given stat.
bool CanTraverse(const struct stat& st, const PgUser& u) {
  if (u.uid == 0) return true;
  if (st.st_uid == u.uid) return st.st_mode & S_IXUSR;
  bool in_group = st.st_gid == u.gid ||
                  std::find(u.groups.begin(), u.groups.end(), st.st_gid) != u.groups.end();
  if (in_group) return st.st_mode & S_IXGRP;
  return st.st_mode & S_IXOTH;
}

// Checks that `dir` and every parent up to "/" are traversable by `u`.
Status CheckTraversable(const fs::path& dir, const PgUser& u) {
  for (fs::path p = dir;; p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      return Permanent("cannot stat " + p.string() + ": " + ErrnoText(errno));
    }
    if (!CanTraverse(st, u)) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      return Permanent("directory " + p.string() + " (mode " + mode +
                       ") is not traversable by user \"" + u.name +
                       "\", which runs PostgreSQL; make it traversable (chmod o+x " + p.string() +
                       ") or choose a docflow home whose parent directories all are (e.g. under "
                       "/var/lib or /srv)");
    }
    if (p == p.root_path() || p.parent_path() == p) break;
  }
  return Ok();
}

Status ChownTree(const fs::path& root, const PgUser& u) {
  if (!u.switch_user) return Ok();
  struct stat st {};
  if (::lstat(root.c_str(), &st) != 0) return Transient("stat " + root.string() + ": " + ErrnoText(errno));
  if (st.st_uid == u.uid && st.st_gid == u.gid) return Ok();
  if (::lchown(root.c_str(), u.uid, u.gid) != 0) {
    return Transient("chown " + root.string() + ": " + ErrnoText(errno));
  }
  if (!S_ISDIR(st.st_mode)) return Ok();
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (::lchown(it->path().c_str(), u.uid, u.gid) != 0) {
      return Transient("chown " + it->path().string() + ": " + ErrnoText(errno));
    }
  }
  if (ec) return Transient("walking " + root.string() + ": " + ec.message());
  return Ok();
}

// ---------------------------------------------------------------------------
// Binaries.

Result<fs::path> FindBinDir() {
  auto has_server = [](const fs::path& d) {
    return IsExecutable(d / "pg_ctl") && IsExecutable(d / "initdb") && IsExecutable(d / "postgres");
  };
  fs::path preferred = "/usr/lib/postgresql/15/bin";
  if (has_server(preferred)) return preferred;

  if (auto r = RunCommand({"pg_config", "--bindir"}); r && r->exit_code == 0) {
    fs::path d = Trim(r->output);
    if (!d.empty() && has_server(d)) return d;
  }

  std::error_code ec;
  int best = -1;
  fs::path best_dir;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit) || name.size() > 4) continue;
    int v = std::stoi(name);
    if (v > best && has_server(e.path() / "bin")) {
      best = v;
      best_dir = e.path() / "bin";
    }
  }
  if (best >= 0) return best_dir;
  return Permanent("PostgreSQL server binaries not found (looked in /usr/lib/postgresql/15/bin, "
                   "pg_config --bindir, /usr/lib/postgresql/*/bin); install postgresql-15");
}

// A PostgreSQL program: its own bindir copy when present (psql lives there on
// Debian), else looked up in PATH.
std::string PgBinary(const fs::path& bindir, const char* name) {
  fs::path p = bindir / name;
  return IsExecutable(p) ? p.string() : std::string(name);
}

struct Env {
  fs::path home;      // absolute, canonical
  fs::path data_dir;  // home/pg
  fs::path log_path;  // home/logs/postgres.log
  fs::path bindir;
  PgUser user;

  std::vector<std::string> Cmd(const char* program, std::vector<std::string> args) const {
    std::vector<std::string> argv;
    if (user.switch_user) argv = {FindSbin("runuser"), "-u", user.name, "--"};
    argv.push_back(PgBinary(bindir, program));
    for (auto& a : args) argv.push_back(std::move(a));
    return argv;
  }
};

// Runs a PostgreSQL program; an Error when it cannot be run or exits non-zero.
Result<ProcOutput> RunPg(const Env& env, const char* program, std::vector<std::string> args,
                         bool require_success = true) {
  auto argv = env.Cmd(program, std::move(args));
  auto r = RunCommand(argv);
  if (!r) return r.error();
  if (require_success && r->exit_code != 0) {
    return Transient(JoinArgs(argv) + " exited with status " + std::to_string(r->exit_code) + ": " +
                     Trim(r->output));
  }
  return r;
}

// ---------------------------------------------------------------------------
// Paths, ports, files.

// pg_ctl builds a /bin/sh command line from -D, -l and -o: only allow
// characters that mean nothing to the shell nor to unix_socket_directories.
Status CheckShellSafePath(const fs::path& p) {
  for (unsigned char c : p.string()) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '+') continue;
    return Permanent("docflow home path " + p.string() +
                     " contains a character pg_ctl would pass through a shell (" +
                     std::string(1, static_cast<char>(c)) +
                     "); use a path made of letters, digits and / . _ - +");
  }
  return Ok();
}

std::string UrlFor(int port) {
  return std::string("postgresql://") + kDbUser + "@127.0.0.1:" + std::to_string(port) + "/" + kDbName;
}

ClusterInfo MakeInfo(const Env& env, int port, bool running) {
  return ClusterInfo{env.data_dir.string(), port, UrlFor(port), running};
}

std::optional<int> ParsePort(const std::string& text) {
  std::string t = Trim(text);
  if (t.empty() || t.size() > 5 || !std::all_of(t.begin(), t.end(), ::isdigit)) return std::nullopt;
  int p = std::stoi(t);
  if (p < 1 || p > 65535) return std::nullopt;
  return p;
}

std::optional<int> ReadRecordedPort(const fs::path& data_dir) {
  std::ifstream in(data_dir / kPortFile);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ParsePort(ss.str());
}

Status WriteRecordedPort(const Env& env, int port) {
  fs::path p = env.data_dir / kPortFile;
  {
    std::ofstream out(p, std::ios::trunc);
    out << port << "\n";
    out.close();
    if (!out) return Transient("cannot write " + p.string());
  }
  return ChownTree(p, env.user);
}

// Port of a running postmaster: line 4 of postmaster.pid.
std::optional<int> ReadPidFilePort(const fs::path& data_dir) {
  std::ifstream in(data_dir / "postmaster.pid");
  std::string line;
  for (int i = 0; i < 4 && std::getline(in, line); ++i) {
    if (i == 3) return ParsePort(line);
  }
  return std::nullopt;
}

// True when something already listens on (or holds) 127.0.0.1:port.
Result<bool> PortInUse(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Transient("socket: " + ErrnoText(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  ::close(fd);
  if (rc == 0) return false;
  if (err == EADDRINUSE) return true;
  return Permanent("cannot bind 127.0.0.1:" + std::to_string(port) + ": " + ErrnoText(err));
}

std::string LogTail(const fs::path& log, size_t bytes = 3000) {
  std::ifstream in(log, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  std::streamoff start = size > static_cast<std::streamoff>(bytes) ? size - bytes : 0;
  in.seekg(start);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Trim(s);
}

// Exclusive advisory lock on HOME/.embedded_cluster.lock, released on scope exit.
class HomeLock {
 public:
  static Result<int> Acquire(const fs::path& home) {
    fs::path p = home / ".embedded_cluster.lock";
    int fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Transient("cannot open " + p.string() + ": " + ErrnoText(errno));
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        int err = errno;
        ::close(fd);
        return Transient("cannot lock " + p.string() + ": " + ErrnoText(err));
      }
    }
    return fd;
  }
  explicit HomeLock(int fd) : fd_(fd) {}
  ~HomeLock() { ::close(fd_); }
  HomeLock(const HomeLock&) = delete;
  HomeLock& operator=(const HomeLock&) = delete;

 private:
  int fd_;
};

// Builds the Env for `home`; `create` makes HOME and HOME/logs if missing.
Result<Env> MakeEnv(const std::string& home, bool create) {
  if (home.empty()) return Permanent("docflow home directory is empty");
  std::error_code ec;
  fs::path abs = fs::absolute(home, ec);
  if (ec) return Permanent("bad home path " + home + ": " + ec.message());
  abs = abs.lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();  // drop a trailing '/'
  if (auto s = CheckShellSafePath(abs); !s) return s.error();

  Env env;
  auto bindir = FindBinDir();
  if (!bindir) return bindir.error();
  env.bindir = *bindir;
  auto user = ResolveUser();
  if (!user) return user.error();
  env.user = *user;

  if (env.user.switch_user) {
    // Check the deepest existing ancestor before creating anything below it.
    fs::path existing = fs::weakly_canonical(abs, ec);
    if (ec) existing = abs;
    while (!fs::exists(existing) && existing.has_parent_path() && existing.parent_path() != existing) {
      existing = existing.parent_path();
    }
    if (auto s = CheckTraversable(existing, env.user); !s) return s.error();
  }
  if (create) {
    fs::create_directories(abs / "logs", ec);
    if (ec) return Permanent("cannot create " + (abs / "logs").string() + ": " + ec.message());
  }
  env.home = fs::weakly_canonical(abs, ec);
  if (ec) env.home = abs;
  env.data_dir = env.home / "pg";
  env.log_path = env.home / "logs" / "postgres.log";
  if (auto s = CheckShellSafePath(env.home); !s) return s.error();
  if (env.user.switch_user && fs::exists(env.home)) {
    if (auto s = CheckTraversable(env.home, env.user); !s) return s.error();
  }
  return env;
}

bool Initialized(const Env& env) { return fs::exists(env.data_dir / "PG_VERSION"); }

// pg_ctl status: true when running.
Result<bool> IsRunning(const Env& env) {
  auto r = RunPg(env, "pg_ctl", {"status", "-D", env.data_dir.string()}, /*require_success=*/false);
  if (!r) return r.error();
  if (r->exit_code == 0) return true;
  if (r->exit_code == 3) return false;
  return Transient("pg_ctl status -D " + env.data_dir.string() + " failed (status " +
                   std::to_string(r->exit_code) + "): " + Trim(r->output));
}

Status InitDataDir(const Env& env) {
  std::error_code ec;
  if (fs::exists(env.data_dir)) {
    if (!fs::is_directory(env.data_dir) || !fs::is_empty(env.data_dir, ec)) {
      return Permanent(env.data_dir.string() +
                       " exists but is not a PostgreSQL data directory (no PG_VERSION); move it "
                       "away or empty it");
    }
  } else if (::mkdir(env.data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Transient("cannot create " + env.data_dir.string() + ": " + ErrnoText(errno));
  }
  ::chmod(env.data_dir.c_str(), 0700);
  if (auto s = ChownTree(env.data_dir, env.user); !s) return s;
  auto r = RunPg(env, "initdb",
                 {"-D", env.data_dir.string(), "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-U",
                  kDbUser});
  if (!r) return r.error();
  return Ok();
}

Status EnsureLogFile(const Env& env) {
  int fd = ::open(env.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return Transient("cannot open " + env.log_path.string() + ": " + ErrnoText(errno));
  ::close(fd);
  if (env.user.switch_user) {
    if (auto s = CheckTraversable(env.log_path.parent_path(), env.user); !s) return s;
    if (::chown(env.log_path.c_str(), env.user.uid, env.user.gid) != 0) {
      return Transient("chown " + env.log_path.string() + ": " + ErrnoText(errno));
    }
  }
  return Ok();
}

Status WaitAcceptingConnections(const Env& env, int port) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string last;
  for (;;) {
    auto r = RunPg(env, "pg_isready",
                   {"-q", "-h", "127.0.0.1", "-p", std::to_string(port), "-U", kDbUser, "-d", "postgres"},
                   /*require_success=*/false);
    if (!r) return r.error();
    if (r->exit_code == 0) return Ok();
    last = Trim(r->output);
    if (std::chrono::steady_clock::now() > deadline) {
      return Transient("PostgreSQL on port " + std::to_string(port) +
                       " does not accept connections after 30 s: " + last + "\n" + LogTail(env.log_path));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Result<bool> DatabaseExists(const Env& env, int port) {
  auto r = RunPg(env, "psql",
                 {"-X", "-q", "-t", "-A", "-h", "127.0.0.1", "-p", std::to_string(port), "-U", kDbUser,
                  "-d", "postgres", "-c",
                  std::string("SELECT 1 FROM pg_database WHERE datname = '") + kDbName + "'"});
  if (!r) return r.error();
  return Trim(r->output) == "1";
}

Status EnsureDatabase(const Env& env, int port) {
  auto exists = DatabaseExists(env, port);
  if (!exists) return exists.error();
  if (*exists) return Ok();
  auto r = RunPg(env, "createdb", {"-h", "127.0.0.1", "-p", std::to_string(port), "-U", kDbUser, kDbName});
  if (r) return Ok();
  // Another process may have created it meanwhile.
  auto again = DatabaseExists(env, port);
  if (again && *again) return Ok();
  return r.error();
}

}  // namespace

Result<ClusterInfo> StartEmbeddedCluster(const std::string& home, int port) {
  if (port < 1 || port > 65535) return Permanent("invalid port " + std::to_string(port));
  auto env_r = MakeEnv(home, /*create=*/true);
  if (!env_r) return env_r.error();
  const Env& env = *env_r;

  auto lock_fd = HomeLock::Acquire(env.home);
  if (!lock_fd) return lock_fd.error();
  HomeLock lock(*lock_fd);

  const bool initialized = Initialized(env);
  std::optional<int> recorded = initialized ? ReadRecordedPort(env.data_dir) : std::nullopt;
  int effective = recorded.value_or(port);

  // Unix socket path: DATA_DIR/.s.PGSQL.PORT must fit in sockaddr_un.sun_path.
  std::string socket_path = (env.data_dir / (".s.PGSQL." + std::to_string(effective))).string();
  if (socket_path.size() >= 107) {
    return Permanent("docflow home path " + env.home.string() +
                     " is too long: PostgreSQL's Unix socket " + socket_path +
                     " would exceed 107 characters; choose a shorter home");
  }

  bool running = false;
  if (initialized) {
    auto r = IsRunning(env);
    if (!r) return r.error();
    running = *r;
    if (running) {
      if (auto p = ReadPidFilePort(env.data_dir)) effective = *p;
    }
  }

  if (!running) {
    auto in_use = PortInUse(effective);
    if (!in_use) return in_use.error();
    if (*in_use) {
      return Permanent("port " + std::to_string(effective) +
                       " on 127.0.0.1 is already in use by another program (not the docflow "
                       "cluster in " + env.data_dir.string() + "); stop that program or use another "
                       "port" + (recorded ? " (the port is recorded in " +
                                                (env.data_dir / kPortFile).string() + ")"
                                          : std::string()));
    }
    if (!initialized) {
      if (auto s = InitDataDir(env); !s) return s.error();
    }
    if (!recorded) {
      if (auto s = WriteRecordedPort(env, effective); !s) return s.error();
    }
    if (auto s = ChownTree(env.data_dir, env.user); !s) return s.error();
    if (auto s = EnsureLogFile(env); !s) return s.error();

    std::string opts = "-p " + std::to_string(effective) +
                       " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" +
                       env.data_dir.string();
    auto r = RunPg(env, "pg_ctl",
                   {"-D", env.data_dir.string(), "-l", env.log_path.string(), "-w", "-t", "60", "-o",
                    opts, "start"});
    if (!r) {
      Error e = r.error();
      e.message += "\n--- " + env.log_path.string() + " (tail) ---\n" + LogTail(env.log_path);
      return e;
    }
  }

  if (auto s = WaitAcceptingConnections(env, effective); !s) return s.error();
  if (auto s = EnsureDatabase(env, effective); !s) return s.error();
  return MakeInfo(env, effective, /*running=*/true);
}

Status StopEmbeddedCluster(const std::string& home) {
  std::error_code ec;
  fs::path abs = fs::absolute(home, ec);
  if (home.empty() || ec) return Permanent("bad home path '" + home + "'");
  if (!fs::exists(abs / "pg" / "PG_VERSION")) return Ok();  // never created

  auto env_r = MakeEnv(home, /*create=*/false);
  if (!env_r) return env_r.error();
  const Env& env = *env_r;
  auto lock_fd = HomeLock::Acquire(env.home);
  if (!lock_fd) return lock_fd.error();
  HomeLock lock(*lock_fd);

  auto running = IsRunning(env);
  if (!running) return running.error();
  if (!*running) return Ok();
  auto r = RunPg(env, "pg_ctl", {"stop", "-D", env.data_dir.string(), "-m", "fast", "-w", "-t", "60"});
  if (r) return Ok();
  // It may have stopped on its own meanwhile.
  auto again = IsRunning(env);
  if (again && !*again) return Ok();
  return r.error();
}

Result<ClusterInfo> EmbeddedClusterInfo(const std::string& home, int port) {
  std::error_code ec;
  fs::path abs = fs::absolute(home, ec);
  if (home.empty() || ec) return Permanent("bad home path '" + home + "'");
  fs::path canonical = fs::weakly_canonical(abs, ec);
  if (ec) canonical = abs.lexically_normal();
  fs::path data_dir = canonical / "pg";
  if (!fs::exists(data_dir / "PG_VERSION")) {
    return ClusterInfo{data_dir.string(), port, UrlFor(port), false};
  }
  auto env_r = MakeEnv(home, /*create=*/false);
  if (!env_r) return env_r.error();
  const Env& env = *env_r;
  int effective = ReadRecordedPort(env.data_dir).value_or(port);
  auto running = IsRunning(env);
  if (!running) return running.error();
  if (*running) {
    if (auto p = ReadPidFilePort(env.data_dir)) effective = *p;
  }
  return MakeInfo(env, effective, *running);
}

}  // namespace docflow
