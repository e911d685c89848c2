#include "common/crypto/openssl_status.h"

#include <openssl/err.h>

#include <string>

namespace radfed::crypto {

Status OpenSslError(std::string_view what) {
  std::string message(what);
  unsigned long code = ERR_get_error();
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    message += ": ";
    message += buffer;
  } else {
    message += ": OpenSSL reported no reason";
  }
  ERR_clear_error();
  return Status::Internal(std::move(message));
}

}  // namespace radfed::crypto
