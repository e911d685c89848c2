#include "common/rpc/client_channel.h"

#include <fstream>
#include <sstream>

namespace radfed::rpc {

Result<std::string> ReadSmallFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(path.string() + ": read failed");
  return text.str();
}

Result<std::shared_ptr<grpc::Channel>> MakeClientChannel(const std::string& target,
                                                         const config::TlsFiles& tls,
                                                         const std::string& server_name) {
  grpc::SslCredentialsOptions options;
  RADFED_ASSIGN_OR_RETURN(options.pem_root_certs, ReadSmallFile(tls.ca));
  RADFED_ASSIGN_OR_RETURN(options.pem_cert_chain, ReadSmallFile(tls.cert));
  RADFED_ASSIGN_OR_RETURN(options.pem_private_key, ReadSmallFile(tls.key));
  grpc::ChannelArguments args;
  if (!server_name.empty()) args.SetSslTargetNameOverride(server_name);
  // Detect dead peers on idle sessions (a node waits for tasks for hours).
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetMaxReceiveMessageSize(256 << 20);  // secure-aggregation messages of large vectors
  args.SetMaxSendMessageSize(256 << 20);
  return grpc::CreateCustomChannel(target, grpc::SslCredentials(options), args);
}

}  // namespace radfed::rpc
