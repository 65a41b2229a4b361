#include "pipeline/mail/mime_message.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>

#include "pipeline/mail/attachment_name.h"
#include "pipeline/mail/mime_prescan.h"
#include "pipeline/mail/uuencode.h"

namespace docflow::mail {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxWarnings = 20;

void InitGMimeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct Unref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, Unref>;

struct FreeOptions {
  void operator()(GMimeParserOptions* p) const { g_mime_parser_options_free(p); }
};

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string Text(const char* s) { return s ? ToValidUtf8(s) : std::string(); }

// Takes ownership of a g_malloc'ed string.
std::string TakeText(char* s) {
  std::string out = Text(s);
  g_free(s);
  return out;
}

bool StartsWith(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

std::string Child(const std::string& path, int index) {
  return path.empty() ? std::to_string(index) : path + "." + std::to_string(index);
}

const char* WarningName(GMimeParserWarning code) {
  switch (code) {
    case GMIME_WARN_DUPLICATED_HEADER: return "duplicated header";
    case GMIME_WARN_DUPLICATED_PARAMETER: return "duplicated parameter";
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return "unencoded 8-bit header";
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid content type";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return "invalid RFC 2047 header value";
    case GMIME_WARN_MALFORMED_MULTIPART: return "malformed multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE: return "truncated message";
    case GMIME_WARN_MALFORMED_MESSAGE: return "malformed message";
    case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid header name";
    case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting header";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "conflicting parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "multipart without boundary";
    case GMIME_WARN_INVALID_PARAMETER: return "invalid parameter";
    case GMIME_WARN_INVALID_ADDRESS_LIST: return "invalid address list";
    case GMIME_CRIT_NESTING_OVERFLOW: return "nesting overflow";
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "part without content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "part without headers or content";
  }
  return "warning";
}

struct WarningSink {
  std::vector<std::string> lines;
  bool nesting_overflow = false;
};

void OnWarning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer data) {
  auto* sink = static_cast<WarningSink*>(data);
  if (code == GMIME_CRIT_NESTING_OVERFLOW) sink->nesting_overflow = true;
  if (sink->lines.size() >= kMaxWarnings) return;
  std::string line = WarningName(code);
  if (offset >= 0) line += " at byte " + std::to_string(offset);
  if (item && *item) line += ": " + ToValidUtf8(std::string_view(item).substr(0, 80));
  sink->lines.push_back(std::move(line));
}

// The decoded content of a leaf (transfer encoding undone, no charset change).
std::string Decode(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (!wrapper) return {};
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(wrapper, mem.get()) < 0) return {};
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  if (!array || array->len == 0) return {};
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

bool IsSignatureOrKey(const std::string& type) {
  return type == "application/pgp-signature" || type == "application/pkcs7-signature" ||
         type == "application/x-pkcs7-signature" || type == "application/pgp-encrypted";
}

// Formats a mail client renders as the message text. Other text/* parts
// (calendar, csv, vcard, xml, ...) are data: attachments even without a name.
bool IsBodyText(const std::string& type) {
  return type == "text/plain" || type == "text/html" || type == "text/enriched" || type == "text/richtext";
}

bool IsTnef(const std::string& type, const std::string& name) {
  return type == "application/ms-tnef" || type == "application/vnd.ms-tnef" || Lower(name) == "winmail.dat";
}

// Some writers put blank or whitespace-only lines before the first header;
// GMime would take the first one for the end of an empty header block.
std::string_view SkipLeadingBlankLines(std::string_view s) {
  size_t keep = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') {
      keep = i + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      break;
    }
  }
  return s.substr(keep);
}

// The signature of a raw TNEF stream (winmail.dat), little-endian 0x223E9F78.
bool IsTnefStream(std::string_view s) { return s.size() >= 4 && s.substr(0, 4) == std::string_view("\x78\x9f\x3e\x22", 4); }

// True when object is, or directly holds (one multipart level down, as in
// related -> alternative -> html), a text/html part.
bool HoldsHtml(GMimeObject* object, int levels = 2) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (ct && g_mime_content_type_is_type(ct, "text", "html")) return true;
  if (levels == 0 || !GMIME_IS_MULTIPART(object)) return false;
  GMimeMultipart* multipart = GMIME_MULTIPART(object);
  int n = g_mime_multipart_get_count(multipart);
  for (int i = 0; i < n; ++i) {
    GMimeObject* child = g_mime_multipart_get_part(multipart, i);
    if (child && HoldsHtml(child, levels - 1)) return true;
  }
  return false;
}

// Walks one message tree (and the messages attached to it).
class Walker {
 public:
  Walker(const MailOptions& options, Clock::time_point deadline) : o_(options), deadline_(deadline) {
    options_.reset(g_mime_parser_options_new());
    g_mime_parser_options_set_rfc2047_compliance_mode(options_.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options_.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options_.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    static const char* kFallback[] = {"utf-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(options_.get(), kFallback);
    g_mime_parser_options_set_warning_callback(options_.get(), OnWarning, &warnings_);
  }

  // Parses bytes as a message whose parts are numbered under `path`.
  // provenance: filled from the message's headers when not null (top level).
  Status ParseAndWalk(std::string_view bytes, const std::string& path, int depth, MailProvenance* provenance) {
    if (auto s = CheckMimeShape(bytes, o_.limits); !s) return s;
    bytes = SkipLeadingBlankLines(bytes);
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options_.get()));
    if (warnings_.nesting_overflow)
      return Permanent("message nests deeper than " + std::to_string(o_.limits.max_depth) + " levels");
    if (!message) {
      if (provenance) return Permanent("not a MIME message");
      Warn("part " + path + ": attached message could not be parsed");
      return Ok();
    }
    if (provenance) *provenance = Provenance(message.get());
    return WalkMessage(message.get(), path, depth);
  }

  std::vector<MailAttachment> TakeAttachments() { return std::move(attachments_); }

  std::vector<std::string> warnings() const { return warnings_.lines; }

 private:
  static MailProvenance Provenance(GMimeMessage* m) {
    MailProvenance p;
    p.message_id = Text(g_mime_message_get_message_id(m));
    if (InternetAddressList* from = g_mime_message_get_from(m))
      p.from = TakeText(internet_address_list_to_string(from, nullptr, FALSE));
    if (InternetAddressList* to = g_mime_message_get_to(m))
      p.to = TakeText(internet_address_list_to_string(to, nullptr, FALSE));
    p.subject = Text(g_mime_message_get_subject(m));
    if (GDateTime* date = g_mime_message_get_date(m)) p.date = TakeText(g_date_time_format_iso8601(date));
    return p;
  }

  void Warn(std::string line) {
    if (warnings_.lines.size() < kMaxWarnings) warnings_.lines.push_back(std::move(line));
  }

  Status Budget(const std::string& path, int depth) {
    if (Clock::now() > deadline_)
      return Permanent("message took longer than " + std::to_string(o_.limits.time_limit.count()) +
                       " ms to read (part " + path + ")");
    if (depth > o_.limits.max_depth)
      return Permanent("message nests deeper than " + std::to_string(o_.limits.max_depth) + " levels");
    if (++parts_ > o_.limits.max_parts)
      return Permanent("message has more than " + std::to_string(o_.limits.max_parts) + " MIME parts");
    return Ok();
  }

  Status WalkMessage(GMimeMessage* message, const std::string& path, int depth) {
    GMimeObject* body = g_mime_message_get_mime_part(message);
    if (!body) return Ok();  // headers only
    if (GMIME_IS_MULTIPART(body)) return WalkMultipart(GMIME_MULTIPART(body), path, depth, false);
    return Walk(body, path.empty() ? "1" : path + ".1", depth, false);
  }

  // in_html_related: inside a multipart/related whose root is HTML, where
  // images are pictures of the body.
  Status WalkMultipart(GMimeMultipart* multipart, const std::string& path, int depth, bool in_html_related) {
    GMimeContentType* type = g_mime_object_get_content_type(GMIME_OBJECT(multipart));
    const char* subtype = type ? g_mime_content_type_get_media_subtype(type) : nullptr;
    std::string sub = Lower(subtype ? subtype : "");
    if (sub == "encrypted") {
      Warn("part " + (path.empty() ? std::string("1") : path) + ": encrypted content skipped");
      return Ok();
    }
    bool related = in_html_related || (sub == "related" && HoldsHtml(GMIME_OBJECT(multipart)));
    int n = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < n; ++i) {
      GMimeObject* child = g_mime_multipart_get_part(multipart, i);
      if (!child) continue;
      if (auto s = Walk(child, Child(path, i + 1), depth + 1, related); !s) return s;
    }
    return Ok();
  }

  Status Walk(GMimeObject* object, const std::string& path, int depth, bool in_html_related) {
    if (auto s = Budget(path, depth); !s) return s;
    if (GMIME_IS_MULTIPART(object)) return WalkMultipart(GMIME_MULTIPART(object), path, depth, in_html_related);
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      return inner ? WalkMessage(inner, path, depth + 1) : Ok();
    }
    if (GMIME_IS_MESSAGE_PARTIAL(object) || !GMIME_IS_PART(object)) return Ok();
    return Leaf(GMIME_PART(object), path, depth, in_html_related);
  }

  Status Leaf(GMimePart* part, const std::string& path, int depth, bool in_html_related) {
    GMimeObject* object = GMIME_OBJECT(part);
    GMimeContentType* ct = g_mime_object_get_content_type(object);
    std::string type = ct ? Lower(TakeText(g_mime_content_type_get_mime_type(ct))) : "application/octet-stream";
    std::string disposition = Lower(Text(g_mime_object_get_disposition(object)));
    std::string name = Text(g_mime_part_get_filename(part));
    if (IsSignatureOrKey(type)) return Ok();
    if (type == "message/rfc822" || type == "message/global" || type == "message/news") {
      // An attached message with a transfer encoding: GMime leaves it a leaf.
      std::string inner = Decode(part);
      if (inner.empty()) return Ok();
      return ParseAndWalk(inner, path, depth + 1, nullptr);
    }
    if (StartsWith(type, "message/")) return Ok();
    bool tnef = IsTnef(type, name);
    if (!tnef && disposition != "attachment" && name.empty() && IsBodyText(type)) return Body(part, type, path);
    bool inline_image = in_html_related && StartsWith(type, "image/") && disposition != "attachment";
    if (inline_image && !o_.include_inline_images) return Ok();
    std::string bytes = Decode(part);
    if (bytes.empty() && name.empty() && disposition != "attachment") return Ok();  // nothing at all

    MailAttachment a;
    a.filename = name;
    a.content_type = type;
    a.disposition = disposition;
    a.path = path;
    a.sanitized_filename = AttachmentFileName(name, type, path);
    a.bytes = std::move(bytes);
    if (tnef) {
      a.unsupported = true;
      a.note = "unsupported: application/ms-tnef (winmail.dat) is not unpacked";
    }
    attachments_.push_back(std::move(a));
    if (Clock::now() > deadline_)
      return Permanent("message took longer than " + std::to_string(o_.limits.time_limit.count()) +
                       " ms to read (part " + path + ")");
    return Ok();
  }

  // A body text part: scanned for uuencoded files.
  Status Body(GMimePart* part, const std::string& type, const std::string& path) {
    if (type == "text/html" || !o_.decode_uuencode) return Ok();
    std::string text = Decode(part);
    size_t room = static_cast<size_t>(std::max(0, o_.limits.max_parts - parts_));
    int k = 0;
    for (UuBlock& block : FindUuencodedBlocks(text, room)) {
      ++parts_;
      MailAttachment a;
      a.path = path + ".u" + std::to_string(++k);
      a.filename = ToValidUtf8(block.name);
      a.content_type = std::string(TypeForFilename(a.filename));
      a.sanitized_filename = AttachmentFileName(a.filename, a.content_type, a.path);
      a.bytes = std::move(block.bytes);
      a.note = "uuencoded in body part " + path + (block.complete ? "" : " (truncated)");
      attachments_.push_back(std::move(a));
    }
    return Ok();
  }

  const MailOptions& o_;
  Clock::time_point deadline_;
  std::unique_ptr<GMimeParserOptions, FreeOptions> options_;
  WarningSink warnings_;
  int parts_ = 0;
  std::vector<MailAttachment> attachments_;
};

}  // namespace

Result<MimeMessage> ParseMimeMessage(std::string_view bytes, const MailOptions& options) {
  if (bytes.empty()) return Permanent("empty message");
  if (IsTnefStream(bytes))
    return Permanent("a TNEF stream (winmail.dat), not a MIME message: unsupported");
  try {
    InitGMimeOnce();
    Walker walker(options, Clock::now() + options.limits.time_limit);
    MimeMessage out;
    if (auto s = walker.ParseAndWalk(bytes, "", 0, &out.provenance); !s) return s.error();
    out.attachments = walker.TakeAttachments();
    out.warnings = walker.warnings();
    return out;
  } catch (const std::exception& e) {  // allocation failures; GMime itself does not throw
    return Permanent(std::string("cannot read message: ") + e.what());
  }
}

}  // namespace docflow::mail
