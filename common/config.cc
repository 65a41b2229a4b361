#include "common/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "common/log.h"
#include "common/paths.h"
#include "common/yaml_json.h"

namespace docflow {
using nlohmann::json;

namespace {

json Defaults() {
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return json{
      {"home", "./var"},
      {"config_file", ""},
      {"log", {{"level", "info"}}},
      {"database", {{"url", ""}, {"port", 0}}},
      {"broker",
       {{"bind", ""},         // default tcp://127.0.0.1:<base+1>
        {"connect", ""},      // default: the bind address
        {"heartbeat_ms", 1000},
        {"liveness", 3},
        {"lease_seconds", 15},
        {"poll_ms", 100},
        {"job_timeout_seconds", 600}}},  // a worker whose job runs longer exits (and is restarted)
      {"jobs", {{"max_attempts", 3}}},
      {"workers", {{"preprocess", 1}, {"ocr", cores}, {"classify", 1}, {"extract", 1}, {"store", 1}}},
      {"preprocess",
       {{"raster_dpi", 300}, {"max_pages", 200}, {"max_file_mb", 100}, {"max_megapixels", 144}, {"enhance", true},
        {"detect_image_text", true},  // text-layer pages: OCR text shown in images too
        {"page_images", true},        // scanned PDF pages decoded from their own image (page_image.h)
        {"threads", cores},           // PDF and TIFF pages decoded and cleaned up in parallel
        {"page_format", "png"}}},     // png | raw (uncompressed: in-process runs only)
      {"ocr",
       {{"languages", "eng+fra"},
        {"tessdata", ""},
        {"page_seg_mode", 3},
        {"timeout_ms", 120000},
        {"osd", true},
        {"layout_fallback", true},
        {"reread_dates", true},  // date-shaped words read twice more on their own, voted
        {"archive_pdf", false}}},  // store a searchable PDF (image + invisible text) per document
      {"classify", {{"min_confidence", 0.5}}},
      {"extract", {{"embedded_xml", true}}},  // use Factur-X/ZUGFeRD/XRechnung XML embedded in PDFs
      {"flows",  // the flow engine (flows/README.md); flows read the non-secret keys as {{$settings.KEY}}
       {{"enabled", true},                // `docflow serve` starts `docflow flows`
        {"dir", ""},                      // flows/*.yaml; default: the source tree's flows/
        {"threads", 2},
        {"batch", 64},
        {"poll_ms", 1000},                // longest sleep without a LISTEN/NOTIFY wake-up
        {"lease_seconds", 60},
        {"max_depth", 10},                // loop guard: runs caused by a chain of runs deeper than this stop
        {"max_attempts", 6},              // request / mail, then dead-lettered
        {"backoff_ms", 1000},             // first retry delay, doubled each time
        {"backoff_max_ms", 600000},
        {"request_timeout_ms", 10000},
        {"max_crashes", 5},
        {"finance_webhook_url", ""},      // also DOCFLOW_FINANCE_WEBHOOK_URL (Slack-compatible)
        {"team_webhook_url", ""},         // also DOCFLOW_TEAM_WEBHOOK_URL
        {"smtp_url", ""},                 // also DOCFLOW_SMTP_URL: smtp://host:25, smtps://host:465
        {"smtp_user", ""},
        {"smtp_password", ""},
        {"smtp_starttls", false},
        {"mail_from", "docflow@localhost"},
        {"default_currency", "EUR"},
        {"invoice_validation_amount", 5000},  // invoices over this need a validation step
        {"validation_role", "finance"},
        {"sales_role", "sales"},
        {"account_manager_role", "account_manager"},
        {"premium_client_value", 50000},  // onboarding: premium above this contract value
        {"churn_threshold", 70}}},        // churn risk above this alerts the account manager
      {"inbox",
       {{"dir", ""},
        {"stable_ms", 2000},
        {"poll_ms", 500},
        {"enabled", true},
        {"folders", json::array()},      // more watched folders (pipeline/inbox_watcher.h, README)
        {"empty_fail_ms", 600000},       // a file empty this long fails; until then it is retried
        {"retry_max_ms", 60000}}},       // back-off cap for unreadable, locked or empty files
      {"mail",
       {{"accounts", json::array()},  // IMAP accounts (pipeline/mail/imap_account.h, README)
        {"poll_seconds", 60},
        {"max_attempts", 10}}},       // of one message before it is recorded as failed
      {"http",
       {{"enabled", true},
        {"listen", "127.0.0.1:8080"},  // "auto": 127.0.0.1:<the home's base port + 2>
        {"max_body_mb", 50},
        {"rate_per_minute", 600},  // per token; 0: no limit
        {"rate_burst", 60},
        {"tls_cert", ""},  // both set: HTTPS
        {"tls_key", ""},
        {"threads", 64},           // connection threads (one per kept-alive client)
        {"db_connections", 16},    // PostgreSQL connections shared by those threads
        {"auth_cache_ms", 1000}}},  // a valid token is checked again after this; revocations take effect within it
  };
}


// Converts a string from the file or environment to the type of the default.
Result<json> Coerce(const json& def, const json& v, const std::string& key) {
  if (!v.is_string() || def.is_string()) return v;
  const std::string s = v.get<std::string>();
  try {
    if (def.is_boolean()) {
      if (s == "true" || s == "1" || s == "yes" || s == "on") return json(true);
      if (s == "false" || s == "0" || s == "no" || s == "off") return json(false);
      return Permanent("config " + key + ": not a boolean: " + s);
    }
    size_t used = 0;
    if (def.is_number_integer()) {
      long long n = std::stoll(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
      return json(n);
    }
    if (def.is_number()) {
      double d = std::stod(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
      return json(d);
    }
  } catch (const std::exception&) {
    return Permanent("config " + key + ": not a number: " + s);
  }
  return v;
}

// Merges src into dst, keeping only keys known in the defaults.
Status Merge(json& dst, const json& src, const std::string& prefix) {
  if (!src.is_object()) return Permanent("config " + (prefix.empty() ? "file" : prefix) + ": expected a mapping");
  for (auto it = src.begin(); it != src.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (!dst.contains(it.key())) return Permanent("config: unknown key " + key);
    json& d = dst[it.key()];
    if (d.is_object()) {
      if (auto s = Merge(d, it.value(), key); !s) return s;
    } else {
      auto v = Coerce(d, it.value(), key);
      if (!v) return v.error();
      d = *v;
    }
  }
  return Ok();
}

Status ApplyEnv(json& node, const std::string& prefix) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it.value().is_object()) {
      if (auto s = ApplyEnv(it.value(), key); !s) return s;
      continue;
    }
    std::string env = "DOCFLOW_";
    for (char c : key) env += (c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* v = std::getenv(env.c_str())) {
      auto coerced = Coerce(it.value(), json(std::string(v)), key);
      if (!coerced) return coerced.error();
      it.value() = *coerced;
    }
  }
  return Ok();
}

}  // namespace

Result<Config> Config::Load(const std::string& config_path) {
  Config c;
  c.tree_ = Defaults();
  std::string home = std::getenv("DOCFLOW_HOME") ? std::getenv("DOCFLOW_HOME") : "./var";
  std::string file = config_path;
  if (file.empty() && std::getenv("DOCFLOW_CONFIG")) file = std::getenv("DOCFLOW_CONFIG");
  if (file.empty() && std::filesystem::exists(home + "/docflow.yaml")) file = home + "/docflow.yaml";
  if (!file.empty()) {
    try {
      YAML::Node root = YAML::LoadFile(file);
      if (root.IsDefined() && !root.IsNull()) {
        if (auto s = Merge(c.tree_, YamlToJson(root), ""); !s)
          return Permanent(file + ": " + s.error().message);
      }
    } catch (const YAML::Exception& e) {
      return Permanent("cannot read config " + file + ": " + e.what());
    }
    c.tree_["config_file"] = AbsolutePath(file);
  }
  if (auto s = ApplyEnv(c.tree_, ""); !s) return s.error();
  // The flow settings' short environment names (DOCFLOW_FLOWS_* wins).
  for (auto [env, key] : {std::pair<const char*, const char*>{"DOCFLOW_FINANCE_WEBHOOK_URL", "finance_webhook_url"},
                          {"DOCFLOW_TEAM_WEBHOOK_URL", "team_webhook_url"},
                          {"DOCFLOW_SMTP_URL", "smtp_url"}}) {
    std::string specific = "DOCFLOW_FLOWS_";
    for (const char* k = key; *k; ++k) specific += static_cast<char>(std::toupper(static_cast<unsigned char>(*k)));
    if (std::getenv(env) && !std::getenv(specific.c_str())) c.tree_["flows"][key] = std::string(std::getenv(env));
  }

  // Home-derived defaults.
  json& t = c.tree_;
  t["home"] = AbsolutePath(t["home"].get<std::string>());
  const std::string h = t["home"];
  int base = BasePortForHome(h);
  if (t["database"]["port"].get<int>() == 0) t["database"]["port"] = base;
  if (t["broker"]["bind"].get<std::string>().empty())
    t["broker"]["bind"] = "tcp://127.0.0.1:" + std::to_string(base + 1);
  if (t["broker"]["connect"].get<std::string>().empty()) {
    std::string b = t["broker"]["bind"];
    auto star = b.find("://*:");
    auto any = b.find("://0.0.0.0:");
    if (star != std::string::npos) b.replace(star, 5, "://127.0.0.1:");
    else if (any != std::string::npos) b.replace(any, 11, "://127.0.0.1:");
    t["broker"]["connect"] = b;
  }
  if (t["inbox"]["dir"].get<std::string>().empty()) t["inbox"]["dir"] = h + "/inbox";
  // "auto" (or empty): a port of this home's own, so that several homes
  // (tests, benches, a second instance) serve side by side.
  const std::string listen = t["http"]["listen"].get<std::string>();
  if (listen.empty() || listen == "auto") t["http"]["listen"] = "127.0.0.1:" + std::to_string(base + 2);
  return c;
}

const json& Config::At(const std::string& key) const {
  const json* n = &tree_;
  size_t start = 0;
  while (true) {
    size_t dot = key.find('.', start);
    n = &n->at(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return *n;
    start = dot + 1;
  }
}

std::string Config::Str(const std::string& key) const {
  const json& v = At(key);
  return v.is_string() ? v.get<std::string>() : v.dump();
}
int Config::Int(const std::string& key) const { return At(key).get<int>(); }
double Config::Num(const std::string& key) const { return At(key).get<double>(); }
bool Config::Bool(const std::string& key) const { return At(key).get<bool>(); }

Config Config::With(const std::string& key, json value) const {
  Config c = *this;
  std::string pointer = "/" + key;
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  c.tree_.at(json::json_pointer(pointer)) = std::move(value);  // throws for an unknown key
  return c;
}

std::string Config::EmbeddedUrl() const {
  return "postgresql://docflow@127.0.0.1:" + std::to_string(Int("database.port")) + "/docflow";
}

std::string Config::EffectiveDatabaseUrl() const {
  return UsesEmbeddedCluster() ? EmbeddedUrl() : DatabaseUrl();
}

json Config::Redacted() const {
  json t = tree_;
  t["database"]["url"] = RedactUrl(t["database"]["url"].get<std::string>());
  t["database"]["effective_url"] = RedactUrl(EffectiveDatabaseUrl());
  json& flows = t["flows"];
  flows["smtp_url"] = RedactUrl(flows["smtp_url"].get<std::string>());
  if (!flows["smtp_password"].get<std::string>().empty()) flows["smtp_password"] = "***";
  for (const char* k : {"finance_webhook_url", "team_webhook_url"}) {  // webhook URLs carry their secret in the path
    std::string u = flows[k].get<std::string>();
    auto host = u.find("://");
    auto path = host == std::string::npos ? std::string::npos : u.find('/', host + 3);
    if (path != std::string::npos) flows[k] = u.substr(0, path) + "/***";
  }
  // IMAP accounts name where their password is (password_env, password_file);
  // a password given in the file anyway is refused when read, and never shown.
  if (t["mail"]["accounts"].is_array())
    for (auto& a : t["mail"]["accounts"])
      if (a.is_object() && a.contains("password")) a["password"] = "***";
  if (t["mail"]["accounts"].is_string() && !t["mail"]["accounts"].get<std::string>().empty())
    t["mail"]["accounts"] = "(set in DOCFLOW_MAIL_ACCOUNTS; not shown)";
  return t;
}

}  // namespace docflow
