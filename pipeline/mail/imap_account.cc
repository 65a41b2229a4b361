// IMAP accounts and rules; see imap_account.h.
#include "pipeline/mail/imap_account.h"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "common/percent_encoding.h"
#include "common/yaml_json.h"

namespace docflow::mail {
namespace {

using nlohmann::json;

constexpr size_t kMaxMatchedChars = 4096;  // of a header field handed to a regex

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}


// Reads one account's values; `where` prefixes every error.
class Fields {
 public:
  Fields(const json& o, std::string where) : o_(o), where_(std::move(where)) {}

  Error Bad(const std::string& key, const std::string& why) const { return Permanent(where_ + key + ": " + why); }

  Result<std::string> Str(const std::string& key, const std::string& def = "") const {
    if (!o_.contains(key) || o_[key].is_null()) return def;
    const json& v = o_[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    return Bad(key, "expected text");
  }
  Result<bool> Bool(const std::string& key, bool def) const {
    if (!o_.contains(key) || o_[key].is_null()) return def;
    const json& v = o_[key];
    if (v.is_boolean()) return v.get<bool>();
    std::string s = v.is_string() ? Lower(v.get<std::string>()) : "";
    if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
    if (s == "false" || s == "no" || s == "off" || s == "0") return false;
    return Bad(key, "expected true or false");
  }
  Result<long long> Int(const std::string& key, long long def, long long min, long long max) const {
    if (!o_.contains(key) || o_[key].is_null()) return def;
    const json& v = o_[key];
    long long n = 0;
    if (v.is_number_integer()) {
      n = v.get<long long>();
    } else if (v.is_string()) {
      const std::string s = v.get<std::string>();
      size_t used = 0;
      try {
        n = std::stoll(s, &used);
      } catch (const std::exception&) {
        return Bad(key, "not a number: " + s);
      }
      if (used != s.size()) return Bad(key, "not a number: " + s);
    } else {
      return Bad(key, "expected a number");
    }
    if (n < min || n > max) return Bad(key, "out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return n;
  }
  // A string or a list of strings.
  Result<std::vector<std::string>> List(const std::string& key) const {
    std::vector<std::string> out;
    if (!o_.contains(key) || o_[key].is_null()) return out;
    const json& v = o_[key];
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
      return out;
    }
    if (!v.is_array()) return Bad(key, "expected a text or a list of texts");
    for (const auto& e : v) {
      if (!e.is_string()) return Bad(key, "expected a list of texts");
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  Status OnlyKnown(std::initializer_list<const char*> keys) const {
    for (auto it = o_.begin(); it != o_.end(); ++it) {
      if (it.key() == "password")
        return Permanent(where_ + "password: passwords are not read from the configuration file; use "
                                  "password_env (the name of an environment variable) or password_file");
      if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }))
        return Permanent(where_ + "unknown key " + it.key());
    }
    return Ok();
  }

 private:
  const json& o_;
  std::string where_;
};

bool ValidName(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

bool HasControl(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}


Result<std::vector<TextPattern>> Patterns(const Fields& f, const std::string& key) {
  auto texts = f.List(key);
  if (!texts) return texts.error();
  std::vector<TextPattern> out;
  for (const auto& t : *texts) {
    auto p = TextPattern::Make(t);
    if (!p) return f.Bad(key, p.error().message);
    out.push_back(std::move(*p));
  }
  return out;
}

Result<ImapAccount> ParseAccount(const json& o, size_t index, int default_poll_seconds) {
  if (!o.is_object()) return Permanent("mail.accounts[" + std::to_string(index) + "]: expected a mapping");
  std::string where = "mail.accounts[" + std::to_string(index) + "]";
  if (o.contains("name") && o["name"].is_string()) where = "mail account " + o["name"].get<std::string>();
  Fields f(o, where + ": ");
  if (auto s = f.OnlyKnown({"name", "url", "starttls", "user", "password_env", "password_file", "ca_file", "folders",
                            "rules", "after", "poll_seconds"});
      !s)
    return s.error();
  ImapAccount a;
  auto name = f.Str("name");
  if (!name) return name.error();
  if (!ValidName(*name)) return f.Bad("name", "expected 1 to 64 characters among A-Z a-z 0-9 _ . -");
  a.name = *name;

  auto url = f.Str("url");
  if (!url) return url.error();
  std::string u = *url;
  std::string scheme = Lower(u.substr(0, u.find("://")));
  if (u.find("://") == std::string::npos || (scheme != "imap" && scheme != "imaps"))
    return f.Bad("url", "expected imap://HOST[:PORT][/FOLDER] or imaps://HOST[:PORT][/FOLDER]");
  std::string rest = u.substr(u.find("://") + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (authority.find('@') != std::string::npos)
    return f.Bad("url", "must not hold a user or password: use user and password_env or password_file");
  if (authority.empty() || HasControl(authority) || authority.find_first_of(" ?#;") != std::string::npos)
    return f.Bad("url", "bad host");
  if (path.find_first_of("?#;") != std::string::npos) return f.Bad("url", "a folder path only, no ; ? or #");
  while (!path.empty() && path.back() == '/') path.pop_back();
  path = PercentDecode(path);
  a.server.url = scheme + "://" + authority;

  auto starttls = f.Bool("starttls", false);
  if (!starttls) return starttls.error();
  if (*starttls && scheme != "imap") return f.Bad("starttls", "only with imap:// (imaps:// is TLS from the start)");
  a.server.starttls = *starttls;
  auto user = f.Str("user");
  if (!user) return user.error();
  if (user->empty()) return f.Bad("user", "missing");
  a.server.user = *user;
  auto penv = f.Str("password_env");
  auto pfile = f.Str("password_file");
  if (!penv) return penv.error();
  if (!pfile) return pfile.error();
  if (penv->empty() == pfile->empty()) return f.Bad("password_env", "give exactly one of password_env and password_file");
  a.password_env = *penv;
  a.password_file = *pfile;
  auto ca = f.Str("ca_file");
  if (!ca) return ca.error();
  a.server.ca_file = *ca;

  auto folders = f.List("folders");
  if (!folders) return folders.error();
  a.folders = *folders;
  if (a.folders.empty()) a.folders.push_back(path.empty() ? "INBOX" : path);
  std::set<std::string> seen;
  for (const auto& folder : a.folders) {
    if (folder.empty() || HasControl(folder)) return f.Bad("folders", "empty name or control characters");
    if (auto m = ImapMailboxName(folder); !m) return f.Bad("folders", folder + ": " + m.error().message);
    if (!seen.insert(folder).second) return f.Bad("folders", folder + " is listed twice");
  }

  if (o.contains("rules") && !o["rules"].is_null()) {
    const json& r = o["rules"];
    if (!r.is_object()) return f.Bad("rules", "expected a mapping");
    Fields rf(r, where + ": rules.");
    if (auto s = rf.OnlyKnown({"from", "to", "subject", "filenames", "min_size", "inline_images"}); !s)
      return s.error();
    for (auto [key, target] : {std::pair{"from", &a.rules.from}, std::pair{"to", &a.rules.to},
                               std::pair{"subject", &a.rules.subject}, std::pair{"filenames", &a.rules.filenames}}) {
      auto p = Patterns(rf, key);
      if (!p) return p.error();
      *target = std::move(*p);
    }
    auto min_size = rf.Int("min_size", 0, 0, 1LL << 40);
    if (!min_size) return min_size.error();
    a.rules.min_size = *min_size;
    auto inline_images = rf.Bool("inline_images", false);
    if (!inline_images) return inline_images.error();
    a.rules.inline_images = *inline_images;
  }

  auto after = f.Str("after", "seen");
  if (!after) return after.error();
  std::string af = *after;
  if (Lower(af) == "seen") {
    a.after = ImapAccount::After::kSeen;
  } else if (Lower(af) == "leave") {
    a.after = ImapAccount::After::kLeave;
  } else if (Lower(af.substr(0, 5)) == "move:" && af.size() > 5) {
    a.after = ImapAccount::After::kMove;
    a.move_to = af.substr(5);
    if (HasControl(a.move_to) || !ImapMailboxName(a.move_to)) return f.Bad("after", "bad folder name");
    if (seen.count(a.move_to)) return f.Bad("after", "moving into a folder that is polled reads the messages again");
  } else {
    return f.Bad("after", "expected seen, leave or move:FOLDER");
  }
  auto poll = f.Int("poll_seconds", default_poll_seconds, 1, 86400);
  if (!poll) return poll.error();
  a.poll_seconds = static_cast<int>(*poll);
  return a;
}

// The bare addresses of an address list "Name <a@b>, c@d".
std::vector<std::string> Addresses(const std::string& field) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = field.find('<', i)) != std::string::npos) {
    size_t j = field.find('>', i);
    if (j == std::string::npos) break;
    out.push_back(field.substr(i + 1, j - i - 1));
    i = j + 1;
  }
  if (out.empty()) {
    std::stringstream ss(field);
    std::string item;
    while (std::getline(ss, item, ',')) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

bool AnyMatches(const std::vector<TextPattern>& patterns, const std::string& field, bool addresses) {
  if (patterns.empty()) return true;
  std::vector<std::string> texts{field};
  if (addresses) {
    auto a = Addresses(field);
    texts.insert(texts.end(), a.begin(), a.end());
  }
  for (const auto& p : patterns)
    for (const auto& t : texts)
      if (p.Matches(t)) return true;
  return false;
}

std::string PatternList(const std::vector<TextPattern>& patterns) {
  std::string s;
  for (const auto& p : patterns) s += (s.empty() ? "" : ", ") + p.text();
  return s;
}

}  // namespace

Result<TextPattern> TextPattern::Make(const std::string& text) {
  TextPattern p;
  p.text_ = text;
  if (text.rfind("re:", 0) == 0) {
    try {
      p.regex_ = std::make_shared<const std::regex>(text.substr(3), std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& e) {
      return Permanent("bad regular expression " + text.substr(3) + ": " + e.what());
    }
  } else if (text.empty()) {
    return Permanent("empty pattern");
  }
  return p;
}

bool TextPattern::Matches(const std::string& text) const {
  std::string t = text.substr(0, kMaxMatchedChars);
  if (regex_) {
    try {
      return std::regex_search(t, *regex_);
    } catch (const std::regex_error&) {
      return false;  // too complex for this text: no match
    }
  }
  return ::fnmatch(text_.c_str(), t.c_str(), FNM_CASEFOLD) == 0;
}

Result<std::vector<ImapAccount>> ParseImapAccounts(const nlohmann::json& accounts, int default_poll_seconds) {
  auto setting = StructuredSetting(accounts, "mail.accounts");
  if (!setting) return setting.error();
  const json& list = *setting;
  std::vector<ImapAccount> out;
  if (list.is_null()) return out;
  if (!list.is_array()) return Permanent("mail.accounts: expected a list of accounts");
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    auto a = ParseAccount(list[i], i, default_poll_seconds);
    if (!a) return a.error();
    if (!names.insert(a->name).second) return Permanent("mail account " + a->name + ": name used twice");
    out.push_back(std::move(*a));
  }
  return out;
}

Status ResolvePassword(ImapAccount& a) {
  if (!a.password_env.empty()) {
    const char* v = std::getenv(a.password_env.c_str());
    if (!v || !*v)
      return Permanent("mail account " + a.name + ": environment variable " + a.password_env + " is not set");
    a.server.password = v;
    return Ok();
  }
  struct stat st {};
  if (::stat(a.password_file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return Permanent("mail account " + a.name + ": cannot read password_file " + a.password_file);
  std::ifstream in(a.password_file, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line))
    return Permanent("mail account " + a.name + ": cannot read password_file " + a.password_file);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.empty()) return Permanent("mail account " + a.name + ": password_file " + a.password_file + " is empty");
  a.server.password = line;
  return Ok();
}

std::string MessageRejection(const ImapRules& rules, const MailProvenance& p) {
  if (!AnyMatches(rules.from, p.from, true)) return "sender matches none of " + PatternList(rules.from);
  if (!AnyMatches(rules.to, p.to, true)) return "recipients match none of " + PatternList(rules.to);
  if (!AnyMatches(rules.subject, p.subject, false)) return "subject matches none of " + PatternList(rules.subject);
  return "";
}

std::string AttachmentRejection(const ImapRules& rules, const std::string& filename, long long size) {
  if (!rules.filenames.empty() &&
      std::none_of(rules.filenames.begin(), rules.filenames.end(),
                   [&](const TextPattern& p) { return p.Matches(filename); }))
    return "name matches none of " + PatternList(rules.filenames);
  if (size < rules.min_size)
    return std::to_string(size) + " bytes, below min_size " + std::to_string(rules.min_size);
  return "";
}

std::string AfterText(const ImapAccount& a) {
  switch (a.after) {
    case ImapAccount::After::kSeen:
      return "seen";
    case ImapAccount::After::kLeave:
      return "leave";
    case ImapAccount::After::kMove:
      return "move:" + a.move_to;
  }
  return "";
}

}  // namespace docflow::mail
