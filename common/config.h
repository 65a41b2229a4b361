// The effective configuration: built-in defaults, then one YAML file, then
// environment overrides. Every key a.b is overridden by the environment
// variable DOCFLOW_A_B (upper case, dots become underscores), e.g.
// ocr.languages <- DOCFLOW_OCR_LANGUAGES, database.url <- DOCFLOW_DATABASE_URL.
//
// The file is, in order: --config PATH, $DOCFLOW_CONFIG, $DOCFLOW_HOME/docflow.yaml
// (when it exists). Defaults that depend on the home (ports, folders) are
// derived after the home is known, unless set explicitly.
//
// Thread safety: a Config is immutable after Load(); share it freely.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace docflow {

class Config {
 public:
  // Loads defaults + file + environment. Error on an unreadable or invalid
  // file, or an override that does not fit the key's type.
  static Result<Config> Load(const std::string& config_path = "");

  // Typed access by dotted key; the key must exist in the defaults.
  std::string Str(const std::string& key) const;
  int Int(const std::string& key) const;
  double Num(const std::string& key) const;
  bool Bool(const std::string& key) const;
  // A copy with `key` (which must exist in the defaults) set to `value`, for
  // command-line switches such as `docflow extract --no-embedded`.
  Config With(const std::string& key, nlohmann::json value) const;

  // Absolute home directory ($DOCFLOW_HOME, default ./var).
  std::string Home() const { return Str("home"); }
  // The database URL: database.url, or empty when the embedded cluster is used.
  std::string DatabaseUrl() const { return Str("database.url"); }
  // True when no external database is configured.
  bool UsesEmbeddedCluster() const { return DatabaseUrl().empty(); }
  // URL of the embedded cluster for this home.
  std::string EmbeddedUrl() const;
  // DatabaseUrl() when set, else EmbeddedUrl().
  std::string EffectiveDatabaseUrl() const;

  // The whole tree, secrets redacted, for `docflow config`.
  nlohmann::json Redacted() const;
  const nlohmann::json& tree() const { return tree_; }

 private:
  const nlohmann::json& At(const std::string& key) const;
  nlohmann::json tree_;
};

}  // namespace docflow
