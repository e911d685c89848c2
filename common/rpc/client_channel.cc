#include "common/rpc/client_channel.h"

#include "common/config/host_port.h"
#include "common/io/file_reading.h"
#include "common/pki/openssl_util.h"
#include "common/pki/signer.h"

namespace radfed::rpc {

using config::CheckHostPort;

Result<std::shared_ptr<grpc::Channel>> MakeClientChannel(const std::string& target,
                                                         const config::TlsFiles& tls,
                                                         const std::string& server_name) {
  // gRPC reports unreadable or mismatched credentials only as a failed connection; name the file
  // instead. Whether the consortium accepts the certificate is the coordinator's decision, and its
  // refusal names the reason.
  RADFED_RETURN_IF_ERROR(CheckHostPort(target, /*allow_port_zero=*/false));
  RADFED_RETURN_IF_ERROR(pki::ReadCertificate(tls.ca).status());
  RADFED_RETURN_IF_ERROR(pki::Signer::Load(tls.key, tls.cert).status());
  grpc::SslCredentialsOptions options;
  RADFED_ASSIGN_OR_RETURN(options.pem_root_certs, io::ReadFile(tls.ca));
  RADFED_ASSIGN_OR_RETURN(options.pem_cert_chain, io::ReadFile(tls.cert));
  RADFED_ASSIGN_OR_RETURN(options.pem_private_key, io::ReadFile(tls.key));
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
