// Result<T>: a value or an error message. Expected failures (bad input, a
// database that refuses, a worker that dies) travel as values of this type;
// exceptions thrown by libraries are caught in the one adapter that calls the
// library and turned into an Error here.
//
// Thread safety: a Result is a plain value; distinct objects may be used from
// distinct threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace docflow {

struct Error {
  std::string message;
  // False when retrying the same input cannot help (corrupt file, unsupported
  // type); the broker then fails the job at once instead of retrying.
  bool retryable = true;
};

inline Error Permanent(std::string message) { return Error{std::move(message), false}; }
inline Error Transient(std::string message) { return Error{std::move(message), true}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return !err_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *err_; }

 private:
  std::optional<Error> err_;
};

using Status = Result<void>;
inline Status Ok() { return Status(); }

}  // namespace docflow
