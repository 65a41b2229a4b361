// DovecotServer; see imap_test_server.h.
#include "pipeline/mail/imap_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/paths.h"
#include "common/process.h"
#include "tests/test_database.h"

namespace docflow::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string FindProgram(const std::string& name) {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"}) {
    std::string p = std::string(dir) + "/" + name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

// Runs argv to completion; true when it exited 0. Output goes to log_file.
bool Run(const std::vector<std::string>& argv, const std::string& log_file) {
  SpawnOptions o;
  o.output_file = log_file;
  auto pid = Spawn(argv, o);
  if (!pid) return false;
  int status = 0;
  if (::waitpid(*pid, &status, 0) != *pid) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool WriteText(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return out.good() && ::chmod(path.c_str(), mode) == 0;
}

}  // namespace

DovecotServer::DovecotServer(DovecotOptions options) {
  const std::string dovecot = FindProgram("dovecot");
  if (dovecot.empty()) {
    ADD_FAILURE() << "dovecot is not installed: the IMAP tests need a real server (Debian package dovecot-imapd, "
                     "which ./docflow.sh installs: ./docflow.sh deps)";
    return;
  }
  std::string tmpl = (fs::temp_directory_path() / "docflow-dovecot-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    ADD_FAILURE() << "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  as_root_ = ::geteuid() == 0;
  if (as_root_) {
    // Dovecot refuses to give mail to root: the mail belongs to its own user.
    const passwd* pw = ::getpwnam("dovecot");
    if (!pw || !::getpwnam("dovenull")) {
      ADD_FAILURE() << "the users dovecot and dovenull (made by the dovecot-core package) are missing";
      return;
    }
    mail_uid_ = pw->pw_uid;
    mail_gid_ = pw->pw_gid;
    ::chmod(dir_.c_str(), 0755);  // the mail processes must reach DIR/mail
  } else {
    mail_uid_ = ::getuid();
    mail_gid_ = ::getgid();
  }
  for (const char* sub : {"run", "state", "mail"}) fs::create_directories(dir_ + "/" + sub);
  Chown(dir_ + "/mail");
  log_ = dir_ + "/dovecot.log";
  conf_ = dir_ + "/dovecot.conf";

  if (options.tls) {
    const std::string openssl = FindProgram("openssl");
    if (openssl.empty()) {
      ADD_FAILURE() << "openssl (the command line tool) is not installed";
      return;
    }
    ca_file_ = dir_ + "/cert.pem";
    if (!Run({openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
              "-keyout", dir_ + "/key.pem", "-out", ca_file_, "-days", "2", "-subj", "/CN=localhost", "-addext",
              "subjectAltName=IP:127.0.0.1,DNS:localhost"},
             dir_ + "/openssl.log")) {
      ADD_FAILURE() << "openssl could not make a certificate: " << ReadText(dir_ + "/openssl.log");
      return;
    }
  }
  imap_port_ = FreePort();
  if (options.tls) {
    do imaps_port_ = FreePort();
    while (imaps_port_ == imap_port_);
  }
  if (!WriteText(dir_ + "/passwd", user_ + ":{PLAIN}" + password_ + "::::::\n", 0644) ||
      !WriteText(conf_, Conf(options), 0644)) {
    ADD_FAILURE() << "cannot write the Dovecot configuration in " << dir_;
    return;
  }
  SpawnOptions so;
  so.output_file = dir_ + "/dovecot.out";
  so.new_process_group = true;
  auto pid = Spawn({dovecot, "-F", "-c", conf_}, so);
  if (!pid) {
    ADD_FAILURE() << "cannot start dovecot: " << pid.error().message;
    return;
  }
  pid_ = *pid;
  if (!WaitForPort(imap_port_) || (imaps_port_ && !WaitForPort(imaps_port_))) {
    ADD_FAILURE() << "dovecot did not start listening; its output: " << ReadText(dir_ + "/dovecot.out")
                  << "\nits log: " << ReadText(log_);
    return;
  }
  ok_ = true;
}

DovecotServer::~DovecotServer() {
  if (pid_ > 0) {
    Terminate(pid_, SIGTERM, 5000);
    ::kill(-pid_, SIGKILL);  // stray processes of its group, if any
  }
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string DovecotServer::Conf(const DovecotOptions& options) const {
  std::string internal_user = "dovecot", login_user = "dovenull";
  if (!as_root_) {
    const passwd* pw = ::getpwuid(::getuid());
    internal_user = login_user = pw ? pw->pw_name : std::to_string(::getuid());
  }
  std::ostringstream c;
  c << "protocols = imap\n"
    << "listen = 127.0.0.1\n"
    << "base_dir = " << dir_ << "/run\n"
    << "state_dir = " << dir_ << "/state\n"
    << "log_path = " << log_ << "\n"
    << "info_log_path = " << log_ << "\n"
    << "default_internal_user = " << internal_user << "\n"
    << "default_login_user = " << login_user << "\n"
    << "first_valid_uid = 1\nfirst_valid_gid = 1\n"
    << "auth_mechanisms = plain login\n"
    << "disable_plaintext_auth = no\n";
  if (options.tls)
    c << "ssl = yes\nssl_cert = <" << ca_file_ << "\nssl_key = <" << dir_ << "/key.pem\n";
  else
    c << "ssl = no\n";
  c << "mail_location = maildir:" << dir_ << "/mail/%u\n"
    << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN " << dir_ << "/passwd\n}\n"
    << "userdb {\n  driver = static\n  args = uid=" << mail_uid_ << " gid=" << mail_gid_ << " home=" << dir_
    << "/mail/%u\n}\n"
    << "service imap-login {\n  chroot =\n  inet_listener imap {\n    port = " << imap_port_ << "\n  }\n"
    << "  inet_listener imaps {\n    port = " << imaps_port_ << "\n" << (options.tls ? "    ssl = yes\n" : "")
    << "  }\n}\n"
    << "service anvil {\n  chroot =\n}\n"
    << "protocol imap {\n  mail_max_userip_connections = 100\n}\n";
  return c.str();
}

bool DovecotServer::WaitForPort(int port) const {
  for (int i = 0; i < 200; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (up) return true;
    if (pid_ > 0 && Reaped(pid_)) return false;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

void DovecotServer::Chown(const std::string& path) const {
  if (as_root_ && ::chown(path.c_str(), mail_uid_, mail_gid_) != 0) ADD_FAILURE() << "chown " << path;
}

std::string DovecotServer::MaildirOf(const std::string& folder) const {
  std::string user_dir = dir_ + "/mail/" + user_;
  return folder == "INBOX" ? user_dir : user_dir + "/." + folder;
}

void DovecotServer::CreateFolder(const std::string& folder) {
  std::string user_dir = dir_ + "/mail/" + user_;
  std::string box = MaildirOf(folder);
  for (const std::string& d : {user_dir, box, box + "/cur", box + "/new", box + "/tmp"}) {
    fs::create_directories(d);
    Chown(d);
  }
  if (folder != "INBOX") {
    std::string marker = box + "/maildirfolder";
    WriteText(marker, "", 0600);
    Chown(marker);
  }
}

bool DovecotServer::Deliver(const std::string& folder, const std::string& bytes) {
  CreateFolder(folder);
  std::string name = std::to_string(::time(nullptr)) + ".M" + std::to_string(++delivered_) + "P" +
                     std::to_string(::getpid()) + ".docflowtest";
  std::string tmp = MaildirOf(folder) + "/tmp/" + name;
  std::string target = MaildirOf(folder) + "/new/" + name;
  if (!WriteText(tmp, bytes, 0600)) {
    ADD_FAILURE() << "cannot write " << tmp;
    return false;
  }
  Chown(tmp);
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    ADD_FAILURE() << "cannot deliver into " << target;
    return false;
  }
  return true;
}

bool DovecotServer::SetUidValidity(const std::string& folder, long long uidvalidity) {
  const std::string doveadm = FindProgram("doveadm");
  bool ok = !doveadm.empty() && Run({doveadm, "-c", conf_, "mailbox", "update", "-u", user_, "--uid-validity",
                                     std::to_string(uidvalidity), folder},
                                    dir_ + "/doveadm.log");
  if (!ok) ADD_FAILURE() << "doveadm mailbox update failed: " << ReadText(dir_ + "/doveadm.log");
  return ok;
}

std::string DovecotServer::Log() const { return ReadText(log_); }

std::string DovecotServer::SettledLog() const {
  static const std::regex login(R"(imap-login: Info: Login: )");
  static const std::regex ended(R"(imap\([^)]*\)[^:]*: Info: Disconnected)");
  std::string log;
  for (int i = 0; i < 200; ++i) {
    log = ReadText(log_);
    auto count = [&](const std::regex& re) {
      return std::distance(std::sregex_iterator(log.begin(), log.end(), re), std::sregex_iterator());
    };
    if (count(ended) >= count(login)) break;
    std::this_thread::sleep_for(50ms);
  }
  return log;
}

long long DovecotServer::BodyFetches() const {
  static const std::regex body(R"(body_count=(\d+))");
  std::string log = SettledLog();
  long long n = 0;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), body); it != std::sregex_iterator(); ++it)
    n += std::stoll((*it)[1]);
  return n;
}

long long DovecotServer::Logins() const {
  std::string lines = LoginLines();
  return std::count(lines.begin(), lines.end(), '\n');
}

std::string DovecotServer::LoginLines() const {
  std::string log = SettledLog(), out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find("imap-login: Info: Login: ") != std::string::npos) out += line + "\n";
  return out;
}

}  // namespace docflow::testing
