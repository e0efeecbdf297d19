// HTTP for the distribution API over libcurl: one easy handle per client, so connections
// are kept alive and reused; HTTP/1.1 (uploads over HTTP/2 ran at half speed here); TLS
// always verified, with the registry's own CA and client certificate when it has them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

typedef void CURL;

namespace ferry::registry {

struct TlsFiles {
  std::string ca_file;      // certs.d/HOST:PORT/ca.crt: trusted instead of the system CAs
  std::string client_cert;  // client.cert
  std::string client_key;   // client.key
};

struct HttpResponse {
  long status = 0;                            // 0: no HTTP answer (see `error`)
  std::map<std::string, std::string> headers;  // names lowercased; the last of repeated ones
  std::string body;                           // unless streamed to a sink
  std::string error;                          // connection, DNS or TLS failure, in words
  bool tls_failure = false;                   // the certificate or handshake was refused: trying again will not help
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string_view body;             // sent as is, unless `upload_source` is set
  // A streamed body: bytes written into the buffer, 0 at the end, -1 to abort.
  std::function<long(char* buffer, size_t size)> upload_source;
  uint64_t upload_size = 0;
  // Receives the body instead of HttpResponse::body; false aborts the transfer.
  std::function<bool(const char* data, size_t size)> sink;
  bool follow_redirects = false;  // blob downloads: registries redirect to storage
  size_t max_body = 8 * 1024 * 1024;  // a body kept in memory is refused beyond this
};

class Http {
 public:
  explicit Http(TlsFiles tls);

  HttpResponse send(const HttpRequest& request);

  // "subject ..., issuer ..." of the certificate `url`'s server presents, for saying why
  // it was refused. The handshake is made without verification and nothing is sent over
  // it; empty when there is no answer.
  static std::string peer_certificate(const std::string& url);


 private:
  TlsFiles tls_;
  std::unique_ptr<CURL, void (*)(CURL*)> curl_;
};

}  // namespace ferry::registry
