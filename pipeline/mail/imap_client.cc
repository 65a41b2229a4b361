// ImapClient: the libcurl adapter; see imap_client.h.
#include "pipeline/mail/imap_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "common/percent_encoding.h"

namespace docflow::mail {
namespace {

constexpr size_t kMaxResponseBytes = 32u << 20;  // of one command's response lines
constexpr long kBufferSize = 512L * 1024;       // libcurl clips response lines longer than half of this
constexpr const char* kHeaderFields = "FROM TO CC SUBJECT DATE MESSAGE-ID";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::string* data = nullptr;
  size_t max = 0;
  bool overflow = false;
};

size_t SinkWrite(char* p, size_t size, size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  size_t len = size * n;
  if (!s->data) return len;  // discarded
  if (s->data->size() + len > s->max) {
    s->overflow = true;
    return 0;  // libcurl aborts the transfer
  }
  s->data->append(p, len);
  return len;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}


// "1,2,5" for a batch of UIDs.
std::string UidSet(const std::vector<long long>& uids, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) {
    if (!s.empty()) s += ',';
    s += std::to_string(uids[i]);
  }
  return s;
}

const ImapValue* FetchItem(const ImapValue& list, std::string_view name) {
  for (size_t i = 0; i + 1 < list.items.size(); i += 2) {
    const ImapValue& key = list.items[i];
    if (key.kind != ImapValue::kAtom) continue;
    std::string k = Upper(key.text);
    if (k == name || (name == "BODY[HEADER.FIELDS" && k.rfind("BODY[HEADER.FIELDS", 0) == 0))
      return &list.items[i + 1];
  }
  return nullptr;
}

}  // namespace

struct ImapClient::Curl {
  CURL* h = nullptr;
  char error[CURL_ERROR_SIZE] = {0};
  ~Curl() {
    if (h) curl_easy_cleanup(h);
  }
};

bool ImapMessageInfo::HasFlag(const std::string& flag) const {
  std::string f = Upper(flag);
  return std::any_of(flags.begin(), flags.end(), [&](const std::string& x) { return Upper(x) == f; });
}

ImapClient::ImapClient(ImapServer server) : server_(std::move(server)) {
  while (!server_.url.empty() && server_.url.back() == '/') server_.url.pop_back();
}

ImapClient::~ImapClient() = default;

Result<std::string> ImapClient::FolderUrl(const std::string& folder) const {
  if (folder.empty()) return server_.url + "/";
  auto name = ImapMailboxName(folder);
  if (!name) return Permanent("mailbox " + folder + ": " + name.error().message);
  return server_.url + "/" + PercentEncode(*name);
}

Status ImapClient::Perform(const std::string& folder, const std::string& url_suffix, const std::string& custom,
                           std::string* body, size_t body_max, std::string* lines, int* curl_code) {
  *curl_code = 0;
  auto url = FolderUrl(folder);
  if (!url) return url.error();
  GlobalInit();
  if (!curl_) {
    curl_ = std::make_unique<Curl>();
    curl_->h = curl_easy_init();
    if (!curl_->h) return Transient("imap: cannot initialise libcurl");
    CURL* h = curl_->h;
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    curl_easy_setopt(h, CURLOPT_USERNAME, server_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, server_.password.c_str());
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(server_.starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (!server_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, server_.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(server_.connect_timeout_s));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(server_.stall_timeout_s));
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, kBufferSize);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_->error);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, SinkWrite);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, SinkWrite);
  }
  CURL* h = curl_->h;
  Sink body_sink{body, body_max};
  Sink line_sink{lines, kMaxResponseBytes};
  std::string full_url = *url + url_suffix;
  curl_easy_setopt(h, CURLOPT_URL, full_url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, custom.empty() ? nullptr : custom.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body_sink);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &line_sink);
  curl_->error[0] = '\0';
  ++counters_.commands;
  CURLcode rc = curl_easy_perform(h);
  *curl_code = static_cast<int>(rc);
  if (rc == CURLE_OK) return Ok();

  std::string what = custom.empty() ? "FETCH" : custom.substr(0, std::min<size_t>(custom.size(), 60));
  std::string msg = "imap " + server_.url + (folder.empty() ? "" : " mailbox " + folder) + ": " + what + ": ";
  if (body_sink.overflow) return Permanent(msg + "message larger than " + std::to_string(body_max) + " bytes");
  if (line_sink.overflow) {
    curl_.reset();  // the rest of the answer is still on the wire
    return Transient(msg + "answer larger than " + std::to_string(kMaxResponseBytes) + " bytes");
  }
  msg += curl_easy_strerror(rc);
  if (curl_->error[0] && std::string(curl_->error) != curl_easy_strerror(rc))
    msg += std::string(" (") + curl_->error + ")";
  std::string server_said = LastTaggedStatus(ParseImapResponses(*lines));
  if (!server_said.empty()) msg += "; server: " + server_said;
  return Transient(msg);
}

Status ImapClient::Command(const std::string& folder, const std::string& command, std::string* raw) {
  int code = 0;
  return Perform(folder, "", command, nullptr, 0, raw, &code);
}

Result<ImapMailboxStatus> ImapClient::MailboxStatus(const std::string& folder) {
  auto name = ImapMailboxName(folder);
  if (!name) return Permanent("mailbox " + folder + ": " + name.error().message);
  auto quoted = ImapQuoted(*name);
  if (!quoted) return Permanent("mailbox " + folder + ": " + quoted.error().message);
  std::string raw;
  if (auto s = Command("", "STATUS " + *quoted + " (UIDVALIDITY UIDNEXT MESSAGES)", &raw); !s) return s.error();
  for (const auto& r : ParseImapResponses(raw)) {
    if (r.tag != "*" || r.values.size() < 3 || !r.values[0].IsAtom("STATUS") || !r.values.back().IsList()) continue;
    const ImapValue& list = r.values.back();
    ImapMailboxStatus st;
    for (size_t i = 0; i + 1 < list.items.size(); i += 2) {
      if (list.items[i].IsAtom("UIDVALIDITY")) st.uidvalidity = list.items[i + 1].Number();
      if (list.items[i].IsAtom("UIDNEXT")) st.uidnext = list.items[i + 1].Number();
      if (list.items[i].IsAtom("MESSAGES")) st.messages = list.items[i + 1].Number();
    }
    if (st.uidvalidity <= 0) return Transient("imap " + server_.url + " mailbox " + folder + ": no UIDVALIDITY in STATUS");
    return st;
  }
  curl_.reset();
  return Transient("imap " + server_.url + " mailbox " + folder + ": no STATUS answer");
}

Result<std::vector<long long>> ImapClient::SearchFrom(const std::string& folder, long long first_uid) {
  std::string raw;
  if (auto s = Command(folder, "UID SEARCH UID " + std::to_string(std::max(1LL, first_uid)) + ":* UNDELETED", &raw);
      !s)
    return s.error();
  std::vector<long long> uids;
  bool answered = false;
  for (const auto& r : ParseImapResponses(raw)) {
    if (r.tag != "*" || r.values.empty() || !r.values[0].IsAtom("SEARCH")) continue;
    answered = true;
    for (size_t i = 1; i < r.values.size(); ++i) {
      long long uid = r.values[i].Number();
      if (uid >= first_uid && uid > 0) uids.push_back(uid);
    }
  }
  if (!answered) {
    curl_.reset();
    return Transient("imap " + server_.url + " mailbox " + folder + ": no SEARCH answer");
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

Result<std::vector<ImapMessageInfo>> ImapClient::FetchInfo(const std::string& folder,
                                                           const std::vector<long long>& uids) {
  std::vector<ImapMessageInfo> out;
  for (size_t from = 0; from < uids.size(); from += kInfoBatch) {
    size_t to = std::min(uids.size(), from + kInfoBatch);
    std::string raw;
    std::string cmd = "UID FETCH " + UidSet(uids, from, to) +
                      " (UID FLAGS RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (" + kHeaderFields + ")])";
    if (auto s = Command(folder, cmd, &raw); !s) return s.error();
    bool malformed = false;
    for (const auto& r : ParseImapResponses(raw)) {
      if (r.malformed) {
        malformed = true;
        continue;
      }
      if (r.tag != "*" || r.values.size() < 3 || !r.values[1].IsAtom("FETCH") || !r.values[2].IsList()) continue;
      const ImapValue& list = r.values[2];
      ImapMessageInfo info;
      if (const ImapValue* v = FetchItem(list, "UID")) info.uid = v->Number();
      if (info.uid <= 0) continue;  // an unsolicited FETCH (flag change)
      if (const ImapValue* v = FetchItem(list, "FLAGS"))
        for (const auto& f : v->items) info.flags.push_back(f.text);
      if (const ImapValue* v = FetchItem(list, "RFC822.SIZE")) info.size = std::max(0LL, v->Number());
      if (const ImapValue* v = FetchItem(list, "BODY[HEADER.FIELDS")) info.header_fields = v->text;
      if (const ImapValue* v = FetchItem(list, "BODYSTRUCTURE")) {
        auto body = ParseBodyStructure(*v);
        if (body) {
          info.structure = std::move(*body);
          info.has_structure = true;
        } else {
          info.error = body.error().message;
        }
      } else {
        info.error = "no BODYSTRUCTURE in the answer";
      }
      if (std::find(uids.begin() + from, uids.begin() + to, info.uid) == uids.begin() + to) continue;
      out.push_back(std::move(info));
    }
    if (malformed) {
      // The answer could not be read whole: do not trust the connection's
      // state; messages of this batch without a readable answer are asked
      // for one by one.
      curl_.reset();
      if (to - from > 1) {
        std::vector<long long> missing;
        for (size_t i = from; i < to; ++i) {
          bool have = std::any_of(out.begin(), out.end(), [&](const ImapMessageInfo& m) { return m.uid == uids[i]; });
          if (!have) missing.push_back(uids[i]);
        }
        for (long long uid : missing) {
          auto one = FetchInfo(folder, {uid});
          if (!one) return one.error();
          if (one->empty()) {
            ImapMessageInfo info;
            info.uid = uid;
            info.error = "the server's answer could not be read";
            out.push_back(std::move(info));
          } else {
            out.push_back(std::move(one->front()));
          }
        }
      } else if (out.empty() || out.back().uid != uids[from]) {
        ImapMessageInfo info;
        info.uid = uids[from];
        info.error = "the server's answer could not be read";
        out.push_back(std::move(info));
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.uid < b.uid; });
  return out;
}

Result<std::string> ImapClient::FetchMessage(const std::string& folder, long long uidvalidity, long long uid,
                                             size_t max_bytes, bool* is_gone) {
  if (is_gone) *is_gone = false;
  std::string bytes, lines;
  int code = 0;
  // libcurl's own FETCH: the literal is read by its size, not as lines.
  std::string params = ";UIDVALIDITY=" + std::to_string(uidvalidity) + "/;UID=" + std::to_string(uid);
  auto s = Perform(folder, params, "", &bytes, max_bytes, &lines, &code);
  if (!s) {
    // Not found: the mailbox's UIDVALIDITY changed (libcurl says so), or no
    // message has this UID any more.
    if (code == CURLE_REMOTE_FILE_NOT_FOUND && s.error().message.find("UIDVALIDITY") == std::string::npos) {
      if (is_gone) *is_gone = true;
      return Transient(s.error().message + " (message " + std::to_string(uid) + " is gone)");
    }
    return s.error();
  }
  ++counters_.messages_downloaded;
  counters_.bytes_downloaded += static_cast<long long>(bytes.size());
  return bytes;
}

Status ImapClient::StoreFlag(const std::string& folder, long long uid, const std::string& flag, bool add) {
  std::string raw;
  return Command(folder,
                 "UID STORE " + std::to_string(uid) + (add ? " +FLAGS.SILENT (" : " -FLAGS.SILENT (") + flag + ")",
                 &raw);
}

Result<bool> ImapClient::HasCapability(const std::string& name) {
  if (capabilities_.empty()) {
    std::string raw;
    if (auto s = Command("", "CAPABILITY", &raw); !s) return s.error();
    for (const auto& r : ParseImapResponses(raw)) {
      if (r.tag != "*" || r.values.empty() || !r.values[0].IsAtom("CAPABILITY")) continue;
      for (const auto& v : r.values) capabilities_ += " " + Upper(v.text);
    }
    capabilities_ += " ";
  }
  return capabilities_.find(" " + Upper(name) + " ") != std::string::npos;
}

Status ImapClient::Move(const std::string& folder, long long uid, const std::string& target) {
  auto name = ImapMailboxName(target);
  if (!name) return Permanent("mailbox " + target + ": " + name.error().message);
  auto quoted = ImapQuoted(*name);
  if (!quoted) return Permanent("mailbox " + target + ": " + quoted.error().message);
  auto move = HasCapability("MOVE");
  if (!move) return move.error();
  std::string raw;
  const std::string id = std::to_string(uid);
  if (*move) return Command(folder, "UID MOVE " + id + " " + *quoted, &raw);
  if (auto s = Command(folder, "UID COPY " + id + " " + *quoted, &raw); !s) return s;
  if (auto s = StoreFlag(folder, uid, "\\Deleted", true); !s) return s;
  return Command(folder, "UID EXPUNGE " + id, &raw);
}

}  // namespace docflow::mail
