// For tests only: a real, throwaway Dovecot IMAP server on 127.0.0.1.
//
// The constructor writes a dovecot.conf into a fresh temporary folder (its own
// base_dir, state_dir and log, a passwd-file with one user, Maildir storage in
// the same folder, listeners on free loopback ports) and runs
// `dovecot -F -c CONF` as a child process (its own process group); the
// destructor stops it (SIGTERM, then SIGKILL to the group) and removes the
// folder. No system service, no file outside the folder is touched (Dovecot's
// state_dir is inside it too).
//
// As root (CI), Dovecot's own unprivileged users run the login and internal
// processes and the mail is owned by the `dovecot` user (the Maildir and the
// temporary folder are made accessible to it); as another user, every
// process runs as that user.
//
// With tls, a self-signed certificate for 127.0.0.1/localhost is made with
// the openssl command line tool: the imap port offers STARTTLS and the imaps
// port is TLS from the start; ca_file() is the certificate to trust.
//
// When Dovecot (package dovecot-imapd, installed by ./docflow.sh) or openssl
// is missing, the constructor ADD_FAILURE()s with that message and ok() is
// false: the tests that need it fail, they are never skipped.
//
// Thread safety: none; one test thread.
#pragma once

#include <sys/types.h>

#include <string>

namespace docflow::testing {

struct DovecotOptions {
  bool tls = false;
};

class DovecotServer {
 public:
  explicit DovecotServer(DovecotOptions options = {});
  ~DovecotServer();
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  bool ok() const { return ok_; }
  int imap_port() const { return imap_port_; }
  int imaps_port() const { return imaps_port_; }  // 0 without tls
  std::string imap_url() const { return "imap://127.0.0.1:" + std::to_string(imap_port_); }
  std::string imaps_url() const { return "imaps://127.0.0.1:" + std::to_string(imaps_port_); }
  const std::string& ca_file() const { return ca_file_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  const std::string& dir() const { return dir_; }

  // Creates a mail folder (Maildir++ ".NAME"); INBOX always exists.
  void CreateFolder(const std::string& folder);
  // Puts a message into folder (created if missing) as a new, unseen message,
  // as a delivery agent would. Returns false (and ADD_FAILURE) on error.
  bool Deliver(const std::string& folder, const std::string& bytes);
  // Sets the folder's UIDVALIDITY (doveadm mailbox update --uid-validity).
  bool SetUidValidity(const std::string& folder, long long uidvalidity);

  // From Dovecot's log, once every session so far has ended (waits up to 10 s
  // for their "Disconnected" lines): the number of message bodies fetched
  // (the sum of body_count) and of logins, and the login lines.
  long long BodyFetches() const;
  long long Logins() const;
  std::string LoginLines() const;
  std::string Log() const;

 private:
  std::string Conf(const DovecotOptions& options) const;
  std::string MaildirOf(const std::string& folder) const;
  bool WaitForPort(int port) const;
  void Chown(const std::string& path) const;
  std::string SettledLog() const;

  bool ok_ = false;
  std::string dir_, conf_, log_, ca_file_;
  std::string user_ = "alice", password_ = "docflow-test-Secr3t-pass";
  int imap_port_ = 0, imaps_port_ = 0;
  pid_t pid_ = -1;
  uid_t mail_uid_ = 0;
  gid_t mail_gid_ = 0;
  bool as_root_ = false;
  int delivered_ = 0;
};

}  // namespace docflow::testing
