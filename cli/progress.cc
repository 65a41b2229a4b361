#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace docflow::cli {

Progress::Progress(std::string what, size_t total)
    : what_(std::move(what)), total_(total), enabled_(::isatty(2) && total > 1),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  if (enabled_) std::fprintf(stderr, "\n");
}

void Progress::Update(size_t files_done, size_t pages_done) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = s > 0 ? pages_done / s : 0;
  double eta = files_done ? s / files_done * (total_ - files_done) : 0;
  std::fprintf(stderr, "\r%s %zu/%zu files, %.1f pages/s, ETA %.0f s   ", what_.c_str(), files_done, total_, rate,
               eta);
  std::fflush(stderr);
}

}  // namespace docflow::cli
