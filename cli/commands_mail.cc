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
#include "common/paths.h"
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

}  // namespace

void AddMailCommands(CLI::App& app, Context& ctx, int& code) {
  static std::vector<std::string> files;
  static bool as_json = true, inline_images = false;

  auto* mail_cmd = app.add_subcommand("mail", "e-mail messages");
  mail_cmd->require_subcommand(1);
  auto* inspect = mail_cmd->add_subcommand("inspect", "list the attachments of message files (no database)");
  inspect->add_option("files", files, "message files (.eml)")->required();
  inspect->add_flag("--json", as_json, "one JSON object per file and line (the default)");
  inspect->add_flag("--inline-images", inline_images, "also list images shown inside an HTML body");
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
