// Status and Result<T>: the error values that cross radfed's module boundaries.
//
// Modules never throw across their public interface. A function that can fail returns a Status
// (nothing to return) or a Result<T> (a value or the Status explaining why there is none).
// Messages are written for the person who must act on them: they name the file, the key or the
// peer and say what is wrong, e.g. "node.yaml: key 'tls.ca': expected a string".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace radfed {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the caller's input is malformed (bad file, bad key, bad value)
  kNotFound,           // a named file, column, ROI or study does not exist
  kAlreadyExists,      // refusing to overwrite something that exists
  kPermissionDenied,   // authenticated, but the role or guard forbids it
  kUnauthenticated,    // no or invalid credentials
  kFailedPrecondition, // the system is not in a state where this can run
  kOutOfRange,         // a value outside its declared range (e.g. fixed-point overflow)
  kDataLoss,           // corruption detected (bad checksum, broken hash chain, AEAD tag)
  kUnavailable,        // a peer or resource is temporarily unreachable; retrying may help
  kDeadlineExceeded,   // a timeout expired
  kAborted,            // an operation was abandoned (e.g. a round below threshold)
  kIoError,            // the operating system refused a read or write
  kInternal,           // a bug in radfed
};

// Human-readable name of a code, e.g. "InvalidArgument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DeadlineExceeded(std::string m) { return {StatusCode::kDeadlineExceeded, std::move(m)}; }
  static Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "InvalidArgument: node.yaml: key 'site': missing", or "OK".
  std::string ToString() const;

  // The same status with "context: " put in front of the message (no-op when OK), so callers can
  // add the file or step they were working on as the error travels up.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value of type T, or the Status saying why there is none. Constructing a Result from an OK
// Status is a programming error and yields an Internal status instead.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status)                          // NOLINT(google-explicit-constructor)
      : state_(status.ok() ? Status::Internal("Result constructed from an OK status")
                           : std::move(status)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }

  // Precondition for the accessors below: ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace radfed

#define RADFED_CONCAT_INNER_(a, b) a##b
#define RADFED_CONCAT_(a, b) RADFED_CONCAT_INNER_(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK. (The variable
// name is unique per use, so the macro nests, e.g. inside a lambda passed to another use.)
#define RADFED_RETURN_IF_ERROR(expr) RADFED_RETURN_IF_ERROR_IMPL_(RADFED_CONCAT_(radfed_status_, __COUNTER__), expr)
#define RADFED_RETURN_IF_ERROR_IMPL_(var, expr) \
  do {                                          \
    ::radfed::Status var = (expr);              \
    if (!var.ok()) return var;                  \
  } while (false)

// Evaluates `rexpr` (a Result<T>); on error returns its Status, otherwise moves the value into
// `lhs`, which may be a declaration: RADFED_ASSIGN_OR_RETURN(auto table, ReadCsv(path));
#define RADFED_ASSIGN_OR_RETURN(lhs, rexpr) \
  RADFED_ASSIGN_OR_RETURN_IMPL_(RADFED_CONCAT_(radfed_result_, __COUNTER__), lhs, rexpr)
#define RADFED_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                  \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()
