// docflow extract / docflow ocr: the pipeline in-process, no database, no
// broker. One JSON object per file and line on stdout, in the order given;
// files run in parallel (one thread and one OCR engine per core).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "cli/cli.h"
#include "cli/local_pipeline.h"
#include "cli/progress.h"
#include "common/log.h"
#include "common/paths.h"
#include "workers/ocr/ocr_engine.h"

namespace docflow::cli {
namespace {

using nlohmann::json;

// Runs fn(pipeline, file) -> json over files on `threads` threads and prints
// each result in input order.
template <typename Fn>
int RunOverFiles(Context& ctx, const std::vector<std::string>& files, int threads, const std::string& what, Fn fn,
                 const Config* config = nullptr) {
  const Config& c = config ? *config : ctx.config();
  InitLogging(what, "warn");
  SetSingleThreadedOcr();
  std::vector<std::optional<json>> results(files.size());
  std::atomic<size_t> next{0};
  std::mutex mu;
  size_t printed = 0, done = 0, pages = 0;
  Progress progress(what, files.size());
  auto work = [&] {
    LocalPipeline pipeline(c);
    while (true) {
      size_t i = next.fetch_add(1);
      if (i >= files.size() || g_stop.load()) return;
      json out = fn(pipeline, files[i]);
      std::lock_guard<std::mutex> lock(mu);
      pages += out.value("_pages", 1);
      out.erase("_pages");
      results[i] = std::move(out);
      progress.Update(++done, pages);
      while (printed < files.size() && results[printed]) {
        std::cout << results[printed]->dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
        results[printed].reset();
        ++printed;
      }
    }
  };
  int n = std::max(1, std::min<int>(threads, static_cast<int>(files.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return 0;
}

// Where `docflow ocr --pdf OUT` writes each input's searchable PDF: OUT
// itself for one input; for several, OUT is a directory (created) holding
// NAME.pdf per input, NAME from the input's sanitised file name without its
// extension, made unique with -2, -3, ... when two inputs share a name.
Result<std::vector<std::string>> PdfOutputPaths(const std::vector<std::string>& files, const std::string& given) {
  const std::string out = AbsolutePath(given);
  if (files.size() == 1) return std::vector<std::string>{out};
  if (auto s = MakeDirs(out); !s) return s.error();
  std::vector<std::string> paths;
  std::set<std::string> used;
  for (const auto& f : files) {
    std::string name = SanitizeFilename(f);
    if (auto dot = name.rfind('.'); dot != std::string::npos && dot > 0) name.resize(dot);
    std::string unique = name;
    for (int n = 2; !used.insert(unique).second; ++n) unique = name + "-" + std::to_string(n);
    paths.push_back(out + "/" + unique + ".pdf");
  }
  return paths;
}

int DefaultThreads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace

void AddLocalCommands(CLI::App& app, Context& ctx, int& code) {
  static std::vector<std::string> files;
  static bool as_json = true, no_embedded = false, steps = false;
  static std::string pdf_out;
  static int threads = DefaultThreads();

  auto* extract = app.add_subcommand("extract", "classify and extract fields in-process (no database, no broker)");
  extract->add_option("files", files, "documents")->required();
  extract->add_flag("--json", as_json, "one JSON object per file and line (the default)");
  extract->add_flag("--no-embedded", no_embedded, "ignore embedded structured invoice XML (Factur-X/ZUGFeRD)");
  extract->add_option("--threads", threads, "files processed in parallel");
  static int repeat = 0;
  extract->add_option("--repeat", repeat,
                      "benchmark: extract each file N more times in the warm process and add "
                      "\"timing\": {runs, median_ms, min_ms}");
  extract->callback([&] {
    // --no-embedded switches extract.embedded_xml off for this run.
    const Config config = ctx.config().With("extract.embedded_xml",
                                            !no_embedded && ctx.config().Bool("extract.embedded_xml"));
    code = RunOverFiles(ctx, files, threads, "extract", [](LocalPipeline& p, const std::string& f) {
      json out{{"file", f}};
      auto r = p.Extract(f);
      if (!r) {
        out["error"] = r.error().message;
        return out;
      }
      out.update(*r);
      if (repeat > 0) {
        std::vector<double> ms;
        std::map<std::string, std::vector<double>> stage_ms;  // warm runs only
        for (int i = 0; i < repeat; ++i) {
          auto t0 = std::chrono::steady_clock::now();
          auto again = p.Extract(f);
          ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
          if (again && again->contains("stage_ms")) {
            for (const auto& [stage, v] : (*again)["stage_ms"].items()) {
              if (v.is_number()) stage_ms[stage].push_back(v.get<double>());
            }
          }
        }
        std::sort(ms.begin(), ms.end());
        out["timing"] = {{"runs", repeat}, {"median_ms", ms[ms.size() / 2]}, {"min_ms", ms.front()}};
        for (auto& [stage, v] : stage_ms) {
          std::sort(v.begin(), v.end());
          out["timing"]["stage_median_ms"][stage] = v[v.size() / 2];
        }
      }
      return out;
    }, &config);
  });

  auto* ocr = app.add_subcommand("ocr", "read the text of documents in-process (text layer or Tesseract)");
  ocr->add_option("files", files, "documents")->required();
  ocr->add_flag("--json", as_json, "one JSON object per file and line (the default)");
  ocr->add_option("--threads", threads, "files processed in parallel");
  ocr->add_flag("--steps", steps, "also print each page's recorded preprocessing and OCR steps");
  ocr->add_option("--pdf", pdf_out,
                  "also write the searchable PDF (page images + invisible text): to this file for one input, "
                  "into this directory (NAME.pdf per input) for several");
  ocr->callback([&] {
    std::vector<std::string> pdf_paths;
    if (!pdf_out.empty()) {
      auto paths = PdfOutputPaths(files, pdf_out);
      if (!paths) {
        code = Fail(paths.error());
        return;
      }
      pdf_paths = std::move(*paths);
    }
    code = RunOverFiles(ctx, files, threads, "ocr", [&pdf_paths](LocalPipeline& p, const std::string& f) {
      json out{{"file", f}};
      Payload read;
      if (pdf_paths.empty()) {
        auto r = p.Read(f);
        if (!r) {
          out["error"] = r.error().message;
          return out;
        }
        read = std::move(*r);
      } else {
        auto r = p.ReadWithArchive(f);
        if (!r) {
          out["error"] = r.error().message;
          return out;
        }
        read = std::move(r->pages);
        // files[i] is f: the same string object, so its index names its output.
        const std::string& path = pdf_paths[static_cast<size_t>(&f - files.data())];
        if (auto s = WriteFileDurably(path, r->pdf.bytes); !s) {
          out["error"] = s.error().message;
          return out;
        }
        double per_page = r->pdf_ms / std::max(1, r->pdf.pages);
        out["pdf"] = {{"path", path},
                      {"pages", r->pdf.pages},
                      {"ocr_pages", r->pdf.ocr_pages},
                      {"copied_pages", r->pdf.copied_pages},
                      {"bytes", r->pdf.bytes.size()},
                      {"bytes_per_page", r->pdf.bytes.size() / std::max(1, r->pdf.pages)},
                      {"ms", std::round(r->pdf_ms * 10) / 10},
                      {"ms_per_page", std::round(per_page * 10) / 10}};
      }
      Payload* r = &read;
      out["pages"] = json::array();
      for (const auto& page : r->header["pages"])
        out["pages"].push_back({{"text", page.value("text", "")},
                                {"mean_confidence", page.value("mean_confidence", 0.0)},
                                {"source", page.value("source", "")}});
      if (steps)
        for (size_t i = 0; i < out["pages"].size(); ++i)
          out["pages"][i]["preprocess"] = r->header["pages"][i].value("preprocess", json::object());
      out["_pages"] = out["pages"].size();
      return out;
    });
  });
}

}  // namespace docflow::cli
