#include "pipeline/mail/mime_prescan.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>

namespace docflow::mail {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (Lower(s[i]) != lower[i]) return false;
  return true;
}

bool ContainsLower(std::string_view s, std::string_view lower) {
  if (s.size() < lower.size()) return false;
  for (size_t i = 0; i + lower.size() <= s.size(); ++i)
    if (EqualsLower(s.substr(i, lower.size()), lower)) return true;
  return false;
}

bool IsAddressField(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to", "resent-cc", "resent-bcc",
      "resent-sender"};
  return std::any_of(kNames.begin(), kNames.end(), [&](std::string_view n) { return EqualsLower(name, n); });
}

// If bytes[i..] starts a boundary declaration, reads its value; returns false
// otherwise. wildcard: the value cannot be read (counts every "--" line).
bool ReadDeclaration(std::string_view s, size_t i, std::string& value, bool& wildcard) {
  static constexpr std::string_view kWord = "boundary";
  if (s.size() - i < kWord.size()) return false;
  for (size_t k = 0; k < kWord.size(); ++k)
    if (Lower(s[i + k]) != kWord[k]) return false;
  size_t j = i + kWord.size();
  wildcard = false;
  if (j < s.size() && s[j] == '*') {  // RFC 2231: boundary*=, boundary*0=, boundary*0*=
    wildcard = true;
    ++j;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j < s.size() && s[j] == '*') ++j;
  }
  while (j < s.size() && IsBlank(s[j])) ++j;
  if (j >= s.size() || s[j] != '=') return false;
  ++j;
  while (j < s.size() && IsBlank(s[j])) ++j;
  value.clear();
  if (j < s.size() && s[j] == '"') {
    ++j;
    while (j < s.size() && s[j] != '"' && s[j] != '\n' && s[j] != '\r') value += s[j++];
  } else {
    while (j < s.size() && s[j] != ';' && !IsBlank(s[j]) && s[j] != '\n' && s[j] != '\r' && s[j] != '"')
      value += s[j++];
  }
  if (value.empty()) wildcard = true;
  return true;
}

// Follows header blocks line by line (see the header comment).
class HeaderTracker {
 public:
  explicit HeaderTracker(MimeShape& shape) : shape_(shape) {}

  void StartBlock(bool after_boundary) {
    EndField();
    in_block_ = true;
    after_boundary_ = after_boundary;
    has_type_ = false;
    type_is_message_ = false;
  }

  // line: without its line end.
  void Line(std::string_view line) {
    if (!in_block_) return;
    if (line.empty()) {
      EndField();
      bool next_is_headers = type_is_message_ || (after_boundary_ && !has_type_);
      in_block_ = false;
      if (next_is_headers) StartBlock(false);
      return;
    }
    if (IsBlank(line[0]) && field_open_) {
      AddToField(line);
      return;
    }
    EndField();
    field_open_ = true;
    ++shape_.header_fields;
    size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon == std::string_view::npos ? 0 : colon);
    while (!name.empty() && IsBlank(name.back())) name.remove_suffix(1);
    field_is_address_ = IsAddressField(name);
    field_is_type_ = EqualsLower(name, "content-type");
    if (field_is_type_) has_type_ = true;
    AddToField(line);
  }

 private:
  void AddToField(std::string_view line) {
    field_bytes_ += line.size() + 1;
    field_parameters_ += static_cast<size_t>(std::count(line.begin(), line.end(), ';'));
    if (field_is_address_) shape_.address_bytes += line.size() + 1;
    if (field_is_type_ && ContainsLower(line, "message/")) type_is_message_ = true;
  }

  void EndField() {
    shape_.largest_field_bytes = std::max(shape_.largest_field_bytes, field_bytes_);
    shape_.most_field_parameters = std::max(shape_.most_field_parameters, field_parameters_);
    field_open_ = field_is_address_ = field_is_type_ = false;
    field_bytes_ = field_parameters_ = 0;
  }

  MimeShape& shape_;
  bool in_block_ = false, after_boundary_ = false, has_type_ = false, type_is_message_ = false;
  bool field_open_ = false, field_is_address_ = false, field_is_type_ = false;
  size_t field_bytes_ = 0, field_parameters_ = 0;
};

}  // namespace

MimeShape MeasureMimeShape(std::string_view s, const MailLimits& limits) {
  MimeShape shape;
  std::unordered_set<std::string> values;
  bool wildcard_any = false;
  std::string value;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != 'b' && s[i] != 'B') continue;
    bool wildcard = false;
    if (!ReadDeclaration(s, i, value, wildcard)) continue;
    if (wildcard) {
      wildcard_any = true;
      ++shape.boundaries;  // each unreadable declaration may be a distinct boundary
    } else if (values.insert(value).second) {
      ++shape.boundaries;
    }
    if (shape.boundaries > static_cast<size_t>(limits.max_boundaries)) return shape;
  }
  HeaderTracker headers(shape);
  headers.StartBlock(false);
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (shape.boundaries > 0 && line.size() >= 2 && line[0] == '-' && line[1] == '-') {
      ++shape.dash_lines;
      std::string_view v = line.substr(2);
      while (!v.empty() && IsBlank(v.back())) v.remove_suffix(1);
      if (wildcard_any || values.count(std::string(v)) != 0) {
        ++shape.boundary_lines;
        headers.StartBlock(true);
        continue;
      }
    }
    headers.Line(line);
  }
  headers.StartBlock(false);  // closes the last field
  return shape;
}

Status CheckMimeShape(std::string_view bytes, const MailLimits& limits) {
  if (bytes.size() > limits.max_message_bytes)
    return Permanent("message too large: " + std::to_string(bytes.size()) + " bytes (limit " +
                     std::to_string(limits.max_message_bytes) + ")");
  MimeShape shape = MeasureMimeShape(bytes, limits);
  if (shape.boundaries > static_cast<size_t>(limits.max_boundaries))
    return Permanent("message declares more than " + std::to_string(limits.max_boundaries) +
                     " multipart boundaries (nesting bomb?)");
  if (shape.boundary_lines > static_cast<size_t>(limits.max_parts))
    return Permanent("message has more than " + std::to_string(limits.max_parts) + " MIME parts");
  if (static_cast<double>(shape.boundaries) * static_cast<double>(shape.dash_lines) >
      static_cast<double>(limits.max_boundary_checks))
    return Permanent("message has " + std::to_string(shape.dash_lines) + " lines starting with \"--\" under " +
                     std::to_string(shape.boundaries) + " boundaries (boundary-scan bomb?)");
  if (shape.header_fields > static_cast<size_t>(limits.max_header_fields))
    return Permanent("message has more than " + std::to_string(limits.max_header_fields) + " header fields");
  if (shape.largest_field_bytes > limits.max_header_field_bytes)
    return Permanent("a header field is longer than " + std::to_string(limits.max_header_field_bytes) + " bytes");
  if (shape.most_field_parameters > static_cast<size_t>(limits.max_header_parameters))
    return Permanent("a header field has more than " + std::to_string(limits.max_header_parameters) +
                     " parameters");
  if (shape.address_bytes > limits.max_address_bytes)
    return Permanent("address fields (From, To, Cc, ...) are longer than " +
                     std::to_string(limits.max_address_bytes) + " bytes in all");
  return Ok();
}

}  // namespace docflow::mail
