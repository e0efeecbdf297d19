// Blob uploads (Client's part of them): a session opened with POST, the bytes in PATCHes
// of ClientOptions::upload_chunk with Content-Range, committed with PUT ?digest=. After a
// broken PATCH the session is asked how much it holds (GET on its location, answered
// with `Range: 0-LAST`) and the upload goes on from there; a registry that has lost the
// session, or that refuses to resume it (docker-registry cancels a session whose last
// PATCH broke half way), gets a new one.
#include <fmt/format.h>

#include <algorithm>

#include "runtime/registry/client.h"

namespace ferry::registry {

Upload Client::start_upload(const std::string& repository) {
  const HttpResponse r = call({.method = "POST", .url = url(fmt::format("/v2/{}/blobs/uploads/", repository))}, repository, true);
  if (r.status != 202 || !r.headers.count("location")) fail("starting an upload", repository, r);
  return {absolute(r.headers.at("location")), 0};
}

void Client::upload_chunk(const std::string& repository, Upload& upload, uint64_t size,
                          const std::function<long(char*, size_t)>& source) {
  // The source may hold more than this chunk: it is read no further.
  uint64_t left = size;
  const auto bounded = [&](char* buffer, size_t n) -> long {
    const long got = left == 0 ? 0 : source(buffer, static_cast<size_t>(std::min<uint64_t>(n, left)));
    if (got > 0) left -= static_cast<uint64_t>(got);
    return got;
  };
  HttpRequest patch{.method = "PATCH", .url = upload.location, .upload_source = bounded, .upload_size = size};
  patch.headers.push_back("Content-Type: application/octet-stream");
  patch.headers.push_back(fmt::format("Content-Range: {}-{}", upload.offset, upload.offset + size - 1));
  // Not through call(): the source can be read once only. The POST that opened the
  // session has already found the credentials this repository takes.
  add_authorization(patch, scope_key(repository, true));
  const HttpResponse r = http_.send(patch);
  if (r.status != 202 || !r.headers.count("location")) {
    fail(fmt::format("uploading bytes {}-{}", upload.offset, upload.offset + size - 1), repository, r);
  }
  // Always the newest Location: the registry may keep the session's state in it.
  upload.location = absolute(r.headers.at("location"));
  upload.offset += size;
}

std::optional<uint64_t> Client::upload_offset(const std::string& repository, Upload& upload) {
  const HttpResponse r = call({.url = upload.location}, repository, true);
  if (r.status != 204) return std::nullopt;
  const auto range = r.headers.find("range");
  if (range == r.headers.end() || !range->second.starts_with("0-")) return std::nullopt;
  const std::string last = range->second.substr(2);
  if (last == "-1") return 0;  // nothing yet, as docker-registry says it
  char* end = nullptr;
  const unsigned long long n = std::strtoull(last.c_str(), &end, 10);
  if (last.empty() || *end != '\0') return std::nullopt;
  if (r.headers.count("location")) upload.location = absolute(r.headers.at("location"));
  return n + 1;
}

void Client::finish_upload(const std::string& repository, const Upload& upload, const std::string& digest) {
  std::string done = upload.location;
  done += (done.find('?') == std::string::npos ? "?" : "&") + std::string("digest=") + escape_query(digest);
  const HttpResponse r = call({.method = "PUT", .url = done}, repository, true);
  if (r.status != 201) fail(fmt::format("finishing blob {}", digest), repository, r);
}

void Client::cancel_upload(const std::string& repository, const Upload& upload) {
  if (upload.location.empty()) return;
  try {
    call({.method = "DELETE", .url = upload.location}, repository, true);
  } catch (const RegistryError&) {
    // The failure that brought us here is the one worth reporting.
  }
}

void Client::stream_blob_to(const std::string& repository, const std::string& digest, uint64_t size,
                            const std::function<long(char*, size_t)>& source, Upload& upload) {
  upload = start_upload(repository);
  const uint64_t chunk = std::max<uint64_t>(options_.upload_chunk, 1);
  while (upload.offset < size) upload_chunk(repository, upload, std::min(chunk, size - upload.offset), source);
  finish_upload(repository, upload, digest);
}

uint64_t Client::put_blob(const std::string& repository, const std::string& digest, uint64_t size, std::FILE* in,
                          Upload& upload) {
  const uint64_t chunk = std::max<uint64_t>(options_.upload_chunk, 1);
  const auto read_file = [in](char* buffer, size_t n) { return static_cast<long>(std::fread(buffer, 1, n, in)); };
  for (int attempt = 0;; ++attempt) {
    uint64_t resumed = 0;
    try {
      const std::optional<uint64_t> held = upload.location.empty() ? std::nullopt : upload_offset(repository, upload);
      if (held && *held <= size) {
        upload.offset = resumed = *held;
      } else {
        upload = start_upload(repository);
      }
      if (std::fseek(in, static_cast<long>(upload.offset), SEEK_SET) != 0) {
        throw RegistryError(fmt::format("cannot read blob {} from its temporary file", digest));
      }
      while (upload.offset < size) upload_chunk(repository, upload, std::min(chunk, size - upload.offset), read_file);
      finish_upload(repository, upload, digest);
      return resumed;
    } catch (const RegistryError& e) {
      if (!e.transient() || attempt >= options_.retries) throw;
      wait_before_retry(attempt);
    }
  }
}

}  // namespace ferry::registry
