// base/status.h: error values that cross module boundaries.
//
// Every public function in kg that can fail returns a Status or a Result<T>;
// no exception crosses a public header. A Status carries a code that picks the
// CLI exit code (user errors exit 1, everything else exits 2) and a message a
// user can act on: it names the thing, says what is wrong and how to fix it.
// Layers add context with Annotate() ("rules/x.json: rule \"y\": ...").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kg {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // the user's input or flags are wrong
    kNotFound,         // a named thing (file, entity, document) does not exist
    kIOError,          // the filesystem or database failed
    kBusy,             // another process holds the database
    kCorruption,       // stored data does not read back as written
    kInternal,         // a bug in kg
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {Code::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status IOError(std::string msg) { return {Code::kIOError, std::move(msg)}; }
  static Status Busy(std::string msg) { return {Code::kBusy, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {Code::kCorruption, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // True when the user can fix the cause (bad input, unknown name, busy db).
  bool IsUserError() const {
    return code_ == Code::kInvalidArgument || code_ == Code::kNotFound || code_ == Code::kBusy;
  }

  // Prefixes what the caller was doing: Annotate("reading a.txt") gives
  // "reading a.txt: <message>".
  Status Annotate(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

  std::string ToString() const { return ok() ? std::string("OK") : message_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    if (std::get<Status>(data_).ok()) data_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace kg

// Returns early with the Status of an expression that failed.
#define KG_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::kg::Status kg_status_ = (expr);         \
    if (!kg_status_.ok()) return kg_status_;  \
  } while (0)
