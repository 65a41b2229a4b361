// uuencoded files embedded in the text of a message body:
//
//   begin 644 scan.pdf
//   M1TE&.#=A...
//   `
//   end
//
// FindUuencodedBlocks finds each "begin MODE NAME" line (MODE: 3 or 4 octal
// digits) and decodes the lines after it until "end". Decoding is tolerant of
// what mailers do to such text: CRLF line ends, stripped trailing blanks
// (missing characters count as zero bits) and '`' for zero. A line that is not
// uuencode (a character outside the alphabet, or longer than its length
// character allows), or the end of the text, ends the block early: what was
// decoded so far is kept and `complete` is false.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace docflow::mail {

struct UuBlock {
  std::string name;    // as written after the mode (may be empty or a path: not sanitised)
  std::string bytes;   // decoded content
  bool complete = false;  // every line up to "end" was valid
};

// Blocks in order of appearance, at most max_blocks (the rest is ignored).
// Blocks that decode to nothing are dropped.
std::vector<UuBlock> FindUuencodedBlocks(std::string_view text, size_t max_blocks);

// Decodes one uuencoded line (without its line end) and appends to out.
// False when the line holds characters outside the uuencode alphabet.
bool DecodeUuLine(std::string_view line, std::string& out);

}  // namespace docflow::mail
