// Progress on stderr for long commands (only when stderr is a terminal):
// "done/total files, pages/s, ETA". stdout stays clean for JSON.
// Thread safety: Update may be called from several threads.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace docflow::cli {

class Progress {
 public:
  Progress(std::string what, size_t total);
  ~Progress();
  void Update(size_t files_done, size_t pages_done);

 private:
  std::string what_;
  size_t total_;
  bool enabled_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace docflow::cli
