#include "pipeline/mail/uuencode.h"

namespace docflow::mail {
namespace {

// Value of one uuencode character: ' '..'_' map to 0..63, '`' to 0.
int UuValue(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u == '`') return 0;
  if (u < 0x20 || u > 0x5f) return -1;
  return u - 0x20;
}

std::string_view StripLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  return line;
}

// "begin 644 name": true with the name when line is a begin line.
bool ParseBegin(std::string_view line, std::string& name) {
  static constexpr std::string_view kBegin = "begin ";
  if (line.substr(0, kBegin.size()) != kBegin) return false;
  size_t i = kBegin.size();
  size_t digits = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '7') {
    ++i;
    ++digits;
  }
  if (digits < 3 || digits > 4) return false;
  if (i < line.size() && line[i] != ' ') return false;
  if (i < line.size()) ++i;
  name = std::string(line.substr(i));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  return true;
}

}  // namespace

bool DecodeUuLine(std::string_view line, std::string& out) {
  if (line.empty()) return true;
  int n = UuValue(line[0]);
  if (n < 0) return false;
  size_t length = static_cast<size_t>(n);
  std::string_view data = line.substr(1);
  for (char c : data)
    if (UuValue(c) < 0) return false;
  size_t expected = (length + 2) / 3 * 4;
  if (data.size() > expected + 2) return false;  // some encoders add one check character
  // Every 4 characters carry 3 bytes; absent (stripped) characters are zero.
  auto at = [&](size_t k) { return k < data.size() ? UuValue(data[k]) : 0; };
  size_t produced = 0;
  for (size_t k = 0; produced < length; k += 4) {
    int a = at(k), b = at(k + 1), c = at(k + 2), d = at(k + 3);
    unsigned char bytes[3] = {static_cast<unsigned char>((a << 2) | (b >> 4)),
                              static_cast<unsigned char>(((b & 0xf) << 4) | (c >> 2)),
                              static_cast<unsigned char>(((c & 0x3) << 6) | d)};
    for (int j = 0; j < 3 && produced < length; ++j, ++produced) out += static_cast<char>(bytes[j]);
  }
  return true;
}

std::vector<UuBlock> FindUuencodedBlocks(std::string_view text, size_t max_blocks) {
  std::vector<UuBlock> blocks;
  size_t pos = 0;
  auto next_line = [&](std::string_view& line) {
    if (pos >= text.size()) return false;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    line = StripLineEnd(text.substr(pos, end - pos));
    pos = end + 1;
    return true;
  };
  std::string_view line;
  while (blocks.size() < max_blocks && next_line(line)) {
    UuBlock block;
    if (!ParseBegin(line, block.name)) continue;
    while (true) {
      size_t line_start = pos;
      if (!next_line(line)) break;
      if (line == "end") {
        block.complete = true;
        break;
      }
      if (!DecodeUuLine(line, block.bytes)) {
        pos = line_start;  // not part of the block: scan it again (it may begin another)
        break;
      }
    }
    if (!block.bytes.empty()) blocks.push_back(std::move(block));
  }
  return blocks;
}

}  // namespace docflow::mail
