// docflow archive DOCUMENT_ID --out FILE: exports a document's archive
// version, the searchable PDF the store stage wrote to document_archives
// when ocr.archive_pdf is on (storage/store_document.h). Prints one JSON
// line about it; --out - writes the PDF to stdout instead (and no JSON).
#include <iostream>

#include "cli/cli.h"
#include "common/paths.h"
#include "storage/store_document.h"

namespace docflow::cli {

void AddArchiveCommands(CLI::App& app, Context& ctx, int& code) {
  static long long document_id = 0;
  static std::string out;
  auto* cmd = app.add_subcommand("archive", "export a document's searchable PDF (stored when ocr.archive_pdf is on)");
  cmd->add_option("document_id", document_id, "document id (see docflow documents)")->required();
  cmd->add_option("--out", out, "file to write (- for stdout)")->required();
  cmd->callback([&] {
    ctx.Log("archive");
    auto db = ctx.Connect();
    if (!db) {
      code = Fail(db.error());
      return;
    }
    auto a = GetDocumentArchive(**db, document_id);
    if (!a) {
      code = Fail(a.error());
      return;
    }
    if (!a->has_value()) {
      code = Fail(Permanent("document " + std::to_string(document_id) +
                            " has no archive (it is written by the store stage when ocr.archive_pdf is on)"));
      return;
    }
    const StoredArchive& s = **a;
    if (out == "-") {
      std::cout.write(s.archive.pdf.data(), static_cast<std::streamsize>(s.archive.pdf.size()));
      std::cout.flush();
      code = std::cout ? 0 : 1;
      return;
    }
    const std::string path = AbsolutePath(out);
    if (auto w = WriteFileDurably(path, s.archive.pdf); !w) {
      code = Fail(w.error());
      return;
    }
    nlohmann::json j{{"document_id", document_id}, {"path", path},           {"pages", s.archive.page_count},
                     {"bytes", s.byte_size},       {"sha256", s.archive.sha256}, {"created_at", s.created_at}};
    std::cout << j.dump() << std::endl;
    code = 0;
  });
}

}  // namespace docflow::cli
