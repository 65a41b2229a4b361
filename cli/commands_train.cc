// docflow train: rebuilds the classifier model from labelled corpus
// directories (shared/EVALUATION.md format: DIR/truth.jsonl + files).
//
// Each file is read exactly as `docflow extract` reads it (preprocess + OCR,
// in-process); the texts are cached by file sha256 (--cache) so retraining
// is fast. A deterministic share of the documents (--holdout, by hash of the
// document id) is kept out of training and measured: accuracy, confusion,
// calibration (reliability bins, ECE). The model is written to --out.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "classifiers/classifier.h"
#include "classifiers/trainer.h"
#include "cli/cli.h"
#include "cli/local_pipeline.h"
#include "cli/progress.h"
#include "common/blob_store.h"
#include "common/log.h"
#include "common/paths.h"
#include "workers/ocr/ocr_engine.h"
#include "workers/stage_handler.h"

namespace docflow::cli {
namespace {

using nlohmann::json;
namespace ct = classifier_train;

struct TrainArgs {
  std::vector<std::string> dirs;
  std::string out = "classifier.model";
  std::string cache;
  std::string dump_texts;
  std::string holdout_list;
  double holdout = 0.3;
  uint64_t seed = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool refresh = false;
  std::vector<double> thresholds = {0.0, 0.4, 0.5, 0.6, 0.7, 0.8};
  double min_confidence = kDefaultMinConfidence;
};

// Texts of every file entry, read through the pipeline unless cached.
// Returns the examples (in corpus order) and prints files that failed.
Result<std::vector<ct::Example>> LoadExamples(Context& ctx, const TrainArgs& a,
                                              const std::vector<ct::CorpusEntry>& entries,
                                              ct::TextCache& cache) {
  std::vector<std::string> sha(entries.size());
  std::vector<size_t> todo;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].text) continue;
    auto bytes = ReadFile(entries[i].dir + "/" + entries[i].file);
    if (!bytes) {
      std::cerr << "docflow train: skipped " << entries[i].id << ": " << bytes.error().message << "\n";
      continue;
    }
    sha[i] = Sha256Hex(*bytes);
    if (a.refresh || cache.Find(sha[i]) == nullptr) todo.push_back(i);
  }
  std::vector<std::optional<ct::DocText>> read(entries.size());
  std::vector<std::string> failed(entries.size());
  if (!todo.empty()) {
    const Config& c = ctx.config();
    SetSingleThreadedOcr();
    std::atomic<size_t> next{0};
    std::mutex mu;
    size_t done = 0, pages = 0;
    Progress progress("train: reading", todo.size());
    auto work = [&] {
      LocalPipeline pipeline(c);
      for (size_t t; (t = next.fetch_add(1)) < todo.size() && !g_stop.load();) {
        size_t i = todo[t];
        auto payload = pipeline.Read(entries[i].dir + "/" + entries[i].file);
        Result<std::vector<Page>> pg = payload ? PagesFromPayload(*payload) : Result<std::vector<Page>>(payload.error());
        std::lock_guard<std::mutex> lock(mu);
        if (pg) {
          read[i] = classifier_model::DocTextOf(*pg);
          pages += pg->size();
        } else {
          failed[i] = pg.error().message;
        }
        progress.Update(++done, pages);
      }
    };
    int n = std::max(1, std::min<int>(a.threads, static_cast<int>(todo.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (g_stop.load()) return Permanent("interrupted");
    for (size_t i : todo)
      if (read[i]) cache.Put(sha[i], entries[i].id, *read[i]);
  }
  std::vector<ct::Example> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    ct::Example ex{e.id, ct::LabelIndex(e.label), {}};
    if (e.text) {
      ex.doc = ct::DocText{*e.text, e.pages};
    } else if (const ct::DocText* d = sha[i].empty() ? nullptr : cache.Find(sha[i])) {
      ex.doc = *d;
    } else {
      if (!failed[i].empty())
        std::cerr << "docflow train: skipped " << e.id << ": " << failed[i] << "\n";
      continue;
    }
    out.push_back(std::move(ex));
  }
  return out;
}

// Writes examples as a corpus of inline texts (truth.jsonl lines with
// "id", "class", "pages", "text"), e.g. for the reproduction test.
Status DumpTexts(const std::string& path, const std::vector<ct::Example>& examples) {
  std::string out;
  for (const auto& e : examples) {
    std::string id = e.id.substr(e.id.find_first_of("/#") + 1);
    json j{{"id", id}, {"class", classifier_internal::kLabels[e.label]}, {"pages", e.doc.pages},
           {"text", e.doc.text}};
    out += j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  }
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty())
    if (auto s = MakeDirs(parent.string()); !s) return s;
  return WriteFileDurably(path, out);
}

int RunTrain(Context& ctx, const TrainArgs& a) {
  InitLogging("train", "warn");
  std::vector<ct::CorpusEntry> entries;
  for (const auto& d : a.dirs) {
    auto e = ct::ReadTruth(d);
    if (!e) return Fail(e.error());
    entries.insert(entries.end(), e->begin(), e->end());
  }
  std::string cache_path = a.cache.empty() ? ctx.config().Home() + "/cache/classifier-texts.jsonl" : a.cache;
  ct::TextCache cache;
  if (auto s = cache.Load(cache_path); !s) return Fail(s.error());
  auto examples = LoadExamples(ctx, a, entries, cache);
  if (!examples) return Fail(examples.error());
  if (auto s = cache.Save(cache_path); !s) return Fail(s.error());
  if (!a.dump_texts.empty()) {
    if (auto s = DumpTexts(a.dump_texts, *examples); !s) return Fail(s.error());
    std::cout << "texts written to " << a.dump_texts << "\n";
  }

  std::vector<ct::Example> train, held;
  for (auto& e : *examples) (ct::InHoldout(e.id, a.holdout, a.seed) ? held : train).push_back(e);
  if (!a.holdout_list.empty()) {
    std::string list;
    for (const auto& e : entries)
      if (!e.text && ct::InHoldout(e.id, a.holdout, a.seed)) list += e.dir + "/" + e.file + "\n";
    if (auto s = WriteFileDurably(a.holdout_list, list); !s) return Fail(s.error());
  }
  std::cout << "documents: " << examples->size() << " (training " << train.size() << ", held out "
            << held.size() << "; text cache " << cache_path << ")\n";
  ct::TrainOptions o;
  o.seed = a.seed;
  o.threads = a.threads;
  auto r = ct::Train(train, o);
  if (!r) return Fail(r.error());
  std::cout << r->log;
  ct::Evaluation self = ct::Evaluate(r->model, train, 0.0);
  std::cout << "training documents (resubstitution): accuracy " << self.accuracy() << "\n";
  if (!held.empty()) {
    std::cout << "\n== held out (" << a.holdout * 100 << " %, seed " << a.seed
              << ", classify.min_confidence " << a.min_confidence << ") ==\n"
              << ct::FormatEvaluation(ct::Evaluate(r->model, held, a.min_confidence));
    // Per corpus directory (the id's first component).
    std::map<std::string, std::vector<ct::Example>> by_dir;
    for (const auto& e : held) by_dir[e.id.substr(0, e.id.find_first_of("/#"))].push_back(e);
    for (const auto& [dir, ex] : by_dir) {
      auto ev = ct::Evaluate(r->model, ex, a.min_confidence);
      std::printf("  %-12s accuracy %.4f (%d/%d)\n", dir.c_str(), ev.accuracy(), ev.correct, ev.n);
    }
    for (double t : a.thresholds) {
      auto ev = ct::Evaluate(r->model, held, t);
      std::printf("  classify.min_confidence=%.2f: accuracy %.4f, flagged for review %d/%d, ece %.4f\n", t,
                  ev.accuracy(), ev.flagged, ev.n, ev.ece);
    }
  }
  if (auto s = r->model.Save(a.out); !s) return Fail(s.error());
  std::cout << "\nmodel written to " << a.out << " (" << r->model.rows() << " rows, temperature "
            << r->model.temperature() << ")\n"
            << "try it: DOCFLOW_CLASSIFIER_MODEL=" << a.out
            << " docflow extract ...; ship it: copy to classifiers/model/classifier.model and rebuild\n";
  return 0;
}

}  // namespace

void AddTrainCommands(CLI::App& app, Context& ctx, int& code) {
  static TrainArgs a;
  auto* train = app.add_subcommand("train", "train the document classifier from labelled corpus directories");
  train->add_option("dirs", a.dirs, "corpus directories (truth.jsonl + files, see shared/EVALUATION.md)")
      ->required();
  train->add_option("--out", a.out, "model file to write")->capture_default_str();
  train->add_option("--holdout", a.holdout, "share of documents kept out of training and measured (0 = none)")
      ->check(CLI::Range(0.0, 0.9))
      ->capture_default_str();
  train->add_option("--seed", a.seed, "salt of the held-out split and of the folds")->capture_default_str();
  train->add_option("--cache", a.cache, "text cache (default HOME/cache/classifier-texts.jsonl)");
  train->add_flag("--refresh", a.refresh, "read every file again (after OCR changes)");
  train->add_option("--holdout-list", a.holdout_list, "write the held-out documents' paths there (for bench/accuracy.sh)");
  train->add_option("--dump-texts", a.dump_texts, "also write the documents' texts as an inline-text corpus");
  train->add_option("--threads", a.threads, "files read in parallel; folds trained in parallel");
  train->add_option("--min-confidence", a.min_confidence, "classify.min_confidence for the held-out report")
      ->capture_default_str();
  train->add_option("--thresholds", a.thresholds, "other min_confidence values to report on held-out data");
  train->callback([&] { code = RunTrain(ctx, a); });
}

}  // namespace docflow::cli
