#include "flows/mail_message.h"

#include <ctime>
#include <regex>
#include <sstream>

namespace docflow::flows {

namespace {

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

bool Ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string Base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += k[v >> 18];
    out += k[(v >> 12) & 63];
    out += k[(v >> 6) & 63];
    out += k[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += k[v >> 18];
    out += k[(v >> 12) & 63];
    out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// RFC 2047: one encoded word per ~45 bytes, never splitting a UTF-8 sequence.
std::string EncodeWords(const std::string& s) {
  if (Ascii(s)) return s;
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = std::min(s.size(), i + 45);
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(s.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string RfcDate(double seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::vector<std::string> MailAddresses(const std::vector<std::string>& items) {
  static const std::regex kAddr(R"([A-Za-z0-9._%+'=-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)");
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::stringstream ss(item);
    std::string part;
    while (std::getline(ss, part, ',')) {
      auto lt = part.find('<'), gt = part.find('>');
      if (lt != std::string::npos && gt != std::string::npos && gt > lt) part = part.substr(lt + 1, gt - lt - 1);
      size_t b = part.find_first_not_of(" \t"), e = part.find_last_not_of(" \t");
      if (b == std::string::npos) continue;
      part = part.substr(b, e - b + 1);
      if (std::regex_match(part, kAddr)) out.push_back(part);
    }
  }
  return out;
}

std::string BuildMailMessage(const MailMessage& m) {
  std::string h;
  h += "From: " + OneLine(m.from) + "\r\n";
  h += "To: " + OneLine(Join(m.to)) + "\r\n";
  if (!m.cc.empty()) h += "Cc: " + OneLine(Join(m.cc)) + "\r\n";
  if (!m.reply_to.empty()) h += "Reply-To: " + OneLine(m.reply_to) + "\r\n";
  h += "Subject: " + EncodeWords(OneLine(m.subject)) + "\r\n";
  h += "Date: " + RfcDate(m.date) + "\r\n";
  h += "Message-ID: <" + OneLine(m.message_id) + ">\r\n";
  h += "MIME-Version: 1.0\r\n";
  h += "Content-Type: text/plain; charset=utf-8\r\n";
  // Normalise the body's line ends to CRLF.
  std::string body;
  bool long_line = false;
  size_t line = 0;
  for (size_t i = 0; i < m.text.size(); ++i) {
    char c = m.text[i];
    if (c == '\r') continue;
    if (c == '\n') {
      body += "\r\n";
      line = 0;
      continue;
    }
    body += c;
    if (++line > 900) long_line = true;
  }
  if (Ascii(body) && !long_line) {
    h += "Content-Transfer-Encoding: 7bit\r\n\r\n";
    return h + body + "\r\n";
  }
  h += "Content-Transfer-Encoding: base64\r\n\r\n";
  std::string plain;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') {
      plain += "\r\n";
      ++i;
    } else {
      plain += body[i];
    }
  }
  std::string b64 = Base64(plain), out;
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return h + out;
}

}  // namespace docflow::flows
