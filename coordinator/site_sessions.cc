#include "coordinator/site_sessions.h"

#include <spdlog/spdlog.h>

#include <thread>

namespace radfed::coordinator {

SiteSessions::SiteSessions(std::vector<std::string> roster, std::string version, Callbacks callbacks)
    : roster_(std::move(roster)), version_(std::move(version)), callbacks_(std::move(callbacks)) {}

grpc::Status SiteSessions::Connect(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::CoordinatorMessage, v1::NodeMessage>* stream) {
  auto peer = RequirePeer(*context, {pki::Role::kNode});
  if (!peer.ok()) return ToGrpcStatus(peer.status());
  const std::string site = peer->name;

  v1::NodeMessage first;
  if (!stream->Read(&first)) return grpc::Status::OK;
  if (!first.has_hello()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "the first message must be Hello");
  }
  if (first.hello().site() != site) {
    spdlog::warn("session refused: certificate of '{}' but node.yaml says site '{}'", site,
                 first.hello().site());
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "this certificate belongs to site '" + site + "' but the node says it is '" +
                            first.hello().site() + "'; fix 'site' in node.yaml");
  }

  auto session = std::make_shared<Session>();
  session->context = context;
  for (const auto& pem : context->auth_context()->FindPropertyValues("x509_pem_cert")) {
    session->certificate_pem.assign(pem.data(), pem.size());
  }
  {
    v1::CoordinatorMessage welcome;
    welcome.mutable_welcome()->set_coordinator_version(version_);
    for (const std::string& s : roster_) welcome.mutable_welcome()->add_roster(s);
    session->outgoing.push_back(std::move(welcome));
  }
  std::shared_ptr<Session> replaced;
  {
    std::lock_guard lock(mu_);
    auto& slot = sessions_[site];
    session->serial = next_serial_++;
    replaced = slot;
    slot = session;
  }
  if (replaced) {
    spdlog::info("{} reconnected; closing its previous session", site);
    Close(replaced);
  }
  spdlog::info("{} connected (node {})", site, first.hello().software_version());
  if (callbacks_.on_session) callbacks_.on_session(site, session->certificate_pem);
  if (callbacks_.on_connection_change) callbacks_.on_connection_change();

  std::thread writer([session, stream] {
    std::unique_lock lock(session->mu);
    for (;;) {
      session->cv.wait(lock, [&] { return session->closed || !session->outgoing.empty(); });
      if (session->closed) return;
      v1::CoordinatorMessage message = std::move(session->outgoing.front());
      session->outgoing.pop_front();
      lock.unlock();
      const bool ok = stream->Write(message);
      lock.lock();
      if (!ok) {
        session->closed = true;
        return;
      }
    }
  });

  v1::NodeMessage message;
  while (stream->Read(&message)) {
    if (message.has_step_reply()) {
      if (callbacks_.on_reply) callbacks_.on_reply(site, message.step_reply());
    } else {
      spdlog::warn("{} sent an unexpected message on its session; ignored", site);
    }
  }
  Close(session);
  writer.join();
  bool was_current = false;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(site);
    if (it != sessions_.end() && it->second == session) {
      sessions_.erase(it);
      was_current = true;
    }
  }
  if (was_current) {
    spdlog::info("{} disconnected", site);
    if (callbacks_.on_connection_change) callbacks_.on_connection_change();
  }
  return grpc::Status::OK;
}

void SiteSessions::Close(const std::shared_ptr<Session>& session) {
  {
    std::lock_guard lock(session->mu);
    if (!session->closed) session->context->TryCancel();
    session->closed = true;
  }
  session->cv.notify_all();
}

std::set<std::string> SiteSessions::Connected() const {
  std::lock_guard lock(mu_);
  std::set<std::string> sites;
  for (const auto& [site, session] : sessions_) {
    std::lock_guard session_lock(session->mu);
    if (!session->closed) sites.insert(site);
  }
  return sites;
}

uint64_t SiteSessions::SessionSerial(const std::string& site) const {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(site);
  if (it == sessions_.end()) return 0;
  std::lock_guard session_lock(it->second->mu);
  return it->second->closed ? 0 : it->second->serial;
}

uint64_t SiteSessions::Send(const std::string& site, const v1::CoordinatorMessage& message) {
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(site);
    if (it == sessions_.end()) return 0;
    session = it->second;
  }
  {
    std::lock_guard lock(session->mu);
    if (session->closed) return 0;
    session->outgoing.push_back(message);
  }
  session->cv.notify_all();
  return session->serial;
}

std::set<std::string> SiteSessions::DisconnectInvalid(
    const std::function<bool(const std::string& pem)>& still_valid) {
  std::vector<std::pair<std::string, std::shared_ptr<Session>>> current;
  {
    std::lock_guard lock(mu_);
    for (const auto& [site, session] : sessions_) current.emplace_back(site, session);
  }
  std::set<std::string> closed;
  for (const auto& [site, session] : current) {
    if (still_valid(session->certificate_pem)) continue;
    Close(session);
    closed.insert(site);
  }
  return closed;
}

void SiteSessions::DisconnectAll() {
  std::vector<std::shared_ptr<Session>> to_close;
  {
    std::lock_guard lock(mu_);
    for (const auto& [site, session] : sessions_) to_close.push_back(session);
  }
  for (const auto& session : to_close) Close(session);
}

}  // namespace radfed::coordinator
