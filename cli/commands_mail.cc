// docflow mail: e-mail messages.
//
// docflow mail poll [--account NAME] [--json]: one pass over every configured
// IMAP account (mail.accounts, pipeline/mail/imap_account.h) - for cron and
// tests; one line (or JSON object) per folder with what was downloaded,
// stored, skipped, failed; exit code 1 when any folder's pass or any account's
// password failed. docflow mail watch: the same every poll_seconds until
// stopped (started by `docflow serve` as the supervised child "mail" when an
// account is configured). Passwords are never printed.
//
// docflow mail inspect FILE... --json: for each message file, one JSON line
//   {"file": F, "attachments": [{"filename", "content_type", "size"}], "error": null | "..."}
// listing exactly the parts that would become documents (pipeline/mail/
// mime_message.h says which); an attachment that would be recorded as
// unsupported (winmail.dat) also carries "note". Never touches the database
// or the configuration; file names are printed, never used as paths.
// Exit code 1 when any file could not be read as a message.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "common/blob_store.h"
#include "common/log.h"
#include "common/paths.h"
#include "pipeline/mail/imap_account.h"
#include "pipeline/mail/imap_poller.h"
#include "pipeline/mail/mime_message.h"

namespace docflow::cli {
namespace {

using json = nlohmann::ordered_json;  // keys in the order the format lists them

json InspectFile(const std::string& file, const mail::MailOptions& options) {
  json out{{"file", file}, {"attachments", json::array()}, {"error", nullptr}};
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    out["error"] = "not a regular file";
    return out;
  }
  auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    out["error"] = "cannot read: " + ec.message();
    return out;
  }
  if (size > options.limits.max_message_bytes) {
    out["error"] = "message too large: " + std::to_string(size) + " bytes (limit " +
                   std::to_string(options.limits.max_message_bytes) + ")";
    return out;
  }
  auto bytes = ReadFile(file);
  if (!bytes) {
    out["error"] = bytes.error().message;
    return out;
  }
  auto message = mail::ParseMimeMessage(*bytes, options);
  if (!message) {
    out["error"] = message.error().message;
    return out;
  }
  for (const auto& a : message->attachments) {
    json item{{"filename", a.filename.empty() ? json(nullptr) : json(a.filename)},
              {"content_type", a.content_type},
              {"size", a.size()}};
    if (a.unsupported) item["note"] = a.note;
    out["attachments"].push_back(std::move(item));
  }
  return out;
}

Result<std::vector<mail::ImapAccount>> Accounts(const Config& c) {
  return mail::ParseImapAccounts(c.tree()["mail"]["accounts"], c.Int("mail.poll_seconds"));
}

mail::ImapPollOptions PollOptions(const Config& c) {
  mail::ImapPollOptions o;
  o.ingest.max_attempts = c.Int("jobs.max_attempts");
  o.ingest.max_bytes = static_cast<long long>(c.Int("preprocess.max_file_mb")) << 20;
  o.max_attempts = c.Int("mail.max_attempts");
  return o;
}

int Poll(Context& ctx, const std::string& only, bool as_json) {
  const Config& c = ctx.config();
  ctx.Log("mail");
  auto accounts = Accounts(c);
  if (!accounts) return Fail(accounts.error());
  if (!only.empty()) {
    std::erase_if(*accounts, [&](const mail::ImapAccount& a) { return a.name != only; });
    if (accounts->empty()) return Fail(Permanent("no mail account named " + only + " in mail.accounts"));
  }
  if (accounts->empty()) return Fail(Permanent("no mail account configured (mail.accounts)"));
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  BlobStore blobs(c.Home() + "/blobs");
  int rc = 0;
  for (auto& account : *accounts) {
    if (auto s = mail::ResolvePassword(account); !s) {
      rc = 1;
      if (as_json)
        std::cout << nlohmann::json{{"account", account.name}, {"error", s.error().message}}.dump() << std::endl;
      else
        std::cout << account.name << ": " << s.error().message << std::endl;
      continue;
    }
    mail::ImapPoller poller(**db, blobs, account, PollOptions(c));
    for (const auto& r : poller.PollOnce()) {
      if (!r.error.empty()) rc = 1;
      if (as_json) {
        std::cout << r.ToJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        continue;
      }
      std::cout << r.account << "/" << r.folder << ": ";
      if (!r.error.empty()) {
        std::cout << "error: " << r.error << std::endl;
        continue;
      }
      std::cout << r.examined << " examined, " << r.downloaded << " downloaded, " << r.stored << " stored ("
                << r.already_received << " already received), " << r.skipped << " skipped, " << r.failed
                << " failed, " << r.retry << " to retry; last uid " << r.last_uid
                << (r.uidvalidity_changed ? " (UIDVALIDITY changed)" : "") << std::endl;
      for (const auto& p : r.problems) std::cout << "  " << p << std::endl;
    }
  }
  return rc;
}

int Watch(Context& ctx) {
  const Config& c = ctx.config();
  ctx.Log("mail");
  auto accounts = Accounts(c);
  if (!accounts) return Fail(accounts.error());
  if (accounts->empty()) {
    spdlog::info("no mail account configured (mail.accounts): nothing to watch");
    return 0;
  }
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  BlobStore blobs(c.Home() + "/blobs");
  auto s = mail::RunImapWatch(**db, blobs, std::move(*accounts), PollOptions(c), g_stop);
  return s ? 0 : Fail(s.error());
}

}  // namespace

// For `docflow serve` (commands_pipeline.cc): whether the "mail" child is
// needed; an Error for an account that is not valid.
Result<bool> MailAccountsConfigured(const Config& c) {
  auto accounts = Accounts(c);
  if (!accounts) return accounts.error();
  return !accounts->empty();
}

void AddMailCommands(CLI::App& app, Context& ctx, int& code) {
  static std::vector<std::string> files;
  static bool as_json = true, inline_images = false;

  auto* mail_cmd = app.add_subcommand("mail", "e-mail messages");
  mail_cmd->require_subcommand(1);
  auto* inspect = mail_cmd->add_subcommand("inspect", "list the attachments of message files (no database)");
  inspect->add_option("files", files, "message files (.eml)")->required();
  inspect->add_flag("--json", as_json, "one JSON object per file and line (the default)");
  inspect->add_flag("--inline-images", inline_images, "also list images shown inside an HTML body");
  static std::string account;
  static bool poll_json = false;
  auto* poll = mail_cmd->add_subcommand("poll", "one pass over the IMAP accounts (mail.accounts), then exit");
  poll->add_option("--account", account, "only this account");
  poll->add_flag("--json", poll_json, "one JSON object per folder and line");
  poll->callback([&] { code = Poll(ctx, account, poll_json); });
  mail_cmd->add_subcommand("watch", "poll the IMAP accounts every poll_seconds until stopped")
      ->callback([&] { code = Watch(ctx); });

  inspect->callback([&] {
    mail::MailOptions options;
    options.include_inline_images = inline_images;
    int rc = 0;
    for (const auto& f : files) {
      json out = InspectFile(f, options);
      if (!out["error"].is_null()) rc = 1;
      std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
    }
    code = rc;
  });
}

}  // namespace docflow::cli
