// Names of attachments. The name a sender gives a part is display data: it
// may hold any bytes, a path ("../../etc/passwd", "C:\TEMP\x.png") or control
// characters. These helpers turn it into valid UTF-8 text and into a plain
// file name (one component, via SanitizeFilename in common/paths.h) and give
// nameless parts a name from their position and type.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace docflow::mail {

// s with every invalid UTF-8 sequence (and overlong/surrogate forms) replaced
// by U+FFFD and NUL bytes dropped.
std::string ToValidUtf8(std::string_view s);

// A plain file name for an attachment: SanitizeFilename(ToValidUtf8(name))
// when the part has a name; otherwise "part-<path><ext>" with the extension
// of its content type (".bin" when unknown). Never contains '/' or '\\',
// never starts with '.', never empty.
std::string AttachmentFileName(std::string_view name, std::string_view content_type, std::string_view part_path);

// ".pdf" for application/pdf, ".eml" for message/rfc822, ...; "" when unknown.
std::string_view ExtensionForType(std::string_view content_type);

// The content type a file name's extension suggests (case-insensitive):
// "image/gif" for "a.GIF"; "application/octet-stream" when unknown.
std::string_view TypeForFilename(std::string_view name);

}  // namespace docflow::mail
