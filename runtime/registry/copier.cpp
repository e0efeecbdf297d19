#include "runtime/registry/copier.h"

#include "runtime/registry/blob_pipe.h"
#include "runtime/registry/referrers.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>

namespace ferry::registry {
namespace {

using Json = nlohmann::json;

bool is_index(const std::string& media_type) { return media_type == kOciIndex || media_type == kDockerList; }

Json parse(const Manifest& m, const ImageRef& ref) {
  Json j = Json::parse(m.bytes, nullptr, false);
  if (!j.is_object()) throw RegistryError(fmt::format("{}: the manifest {} is not a JSON object", ref.text(), m.digest));
  return j;
}

std::string platform_of(const Json& descriptor) {
  const auto p = descriptor.find("platform");
  if (p == descriptor.end() || !p->is_object()) return "";
  std::string out = p->value("os", "") + "/" + p->value("architecture", "");
  if (p->contains("variant")) out += "/" + p->value("variant", "");
  return out;
}

struct Descriptor {
  std::string digest;
  uint64_t size;
};

Descriptor descriptor(const Json& d, const ImageRef& ref) {
  if (!d.is_object() || !d.contains("digest") || !d["digest"].is_string() || !d.contains("size") ||
      !d["size"].is_number_unsigned()) {
    throw RegistryError(fmt::format("{}: a descriptor without digest or size", ref.text()));
  }
  return {d["digest"].get<std::string>(), d["size"].get<uint64_t>()};
}

class Copier {
 public:
  Copier(Client& source, const ImageRef& from, Client& destination, const ImageRef& to, const CopyOptions& options)
      : src_(source), from_(from), dst_(destination), to_(to), options_(options) {}

  CopyReport run() {
    // What the destination tag names, asked while the source manifest is fetched: the
    // first request to the destination also makes its connection and finds its
    // credentials, the slowest part of a copy that turns out to have little to send.
    std::future<std::optional<std::string>> tagged;
    if (!options_.platform) {
      tagged = std::async(std::launch::async, [this] { return dst_.manifest_digest(to_.repository, to_.reference()); });
    }
    const Manifest top = src_.get_manifest(from_.repository, from_.reference());
    // What is attached to the image is looked up at the source while the image is copied
    // (a clone: a client serves one thread); for one platform, once its digest is known.
    std::future<Attached> attached;
    if (options_.referrers && !options_.platform) {
      attached = std::async(std::launch::async, [this, digest = top.digest, client = src_.clone()]() mutable {
        return find_attached(client, from_.repository, digest);
      });
    }
    copy_image_itself(top, tagged.valid() ? tagged.get() : std::nullopt);
    if (options_.referrers) {
      copy_attached(attached.valid() ? attached.get() : find_attached(src_, from_.repository, report_.digest));
    }
    return report_;
  }

 private:
  // The manifests and blobs of `top`, the tag last; `tagged` is what the destination tag
  // names now.
  void copy_image_itself(const Manifest& top, const std::optional<std::string>& tagged) {
    // The destination tag already names this digest: a registry accepts a manifest only
    // once it holds every blob the manifest refers to, so there is nothing to copy.
    if (!options_.platform && tagged == top.digest) {
      report_.digest = top.digest;
      report_.up_to_date = true;
      say({CopyEvent::Kind::TagUpToDate, top.digest, 0, to_.text()});
      return;
    }
    // Held already under another tag: only the tag is new. (Copied by digest, the HEAD
    // above has asked that already.)
    if (!options_.platform && to_.reference() != top.digest && present(top.digest)) {
      tag(top);
      return;
    }
    if (!is_index(top.media_type)) {
      image(top);
      tag(top);
      return;
    }
    const Json index = parse(top, from_);
    const auto children = index.find("manifests");
    if (children == index.end() || !children->is_array()) {
      throw RegistryError(fmt::format("{}: an index without manifests", from_.text()));
    }
    for (const Json& child : *children) {
      if (options_.platform && platform_of(child) != *options_.platform) continue;
      const Descriptor d = descriptor(child, from_);
      if (!options_.platform && present(d.digest)) continue;
      const Manifest m = src_.get_manifest(from_.repository, d.digest);
      image(m);
      if (options_.platform) {
        // One platform of an index: that image is what the tag names.
        tag(m);
        return;
      }
      dst_.put_manifest(to_.repository, m.digest, m);
      ++report_.manifests;
      say({CopyEvent::Kind::ManifestPushed, m.digest, 0, platform_of(child)});
    }
    if (options_.platform) throw RegistryError(fmt::format("{}: no image for the platform {}", from_.text(), *options_.platform));
    tag(top);
  }

  void say(const CopyEvent& event) {
    const std::lock_guard lock(log_mutex_);  // workers tell their events one at a time
    if (options_.log) options_.log(event);
  }

  // cosign's tags and the OCI referrers of the image, after the image: each copied as an
  // image of its own (blobs, manifests, its tag or digest). A destination without the
  // referrers API gets the fallback tag that lists them.
  void copy_attached(const Attached& attached) {
    CopyOptions plain = options_;
    plain.platform.reset();
    plain.referrers = false;
    try {
      for (const std::string& tag : attached.cosign_tags) {
        ImageRef from = from_, to = to_;
        from.digest.clear();
        to.digest.clear();
        from.tag = to.tag = tag;
        if (add(Copier(src_, from, dst_, to, plain).run())) say({CopyEvent::Kind::AttachedCopied, "", 0, to.text()});
      }
      for (const Json& referrer : attached.referrers) {
        ImageRef from = from_, to = to_;
        from.tag.clear();
        to.tag.clear();
        from.digest = to.digest = referrer["digest"].get<std::string>();
        if (add(Copier(src_, from, dst_, to, plain).run())) {
          say({CopyEvent::Kind::AttachedCopied, from.digest, 0, referrer.value("artifactType", referrer.value("mediaType", ""))});
        }
      }
      if (!attached.referrers.empty() && !dst_.get_referrers(to_.repository, report_.digest) &&
          add_to_referrers_tag(dst_, to_.repository, report_.digest, attached.referrers)) {
        say({CopyEvent::Kind::ReferrersTagged, "", 0, referrers_tag(report_.digest)});
      }
    } catch (const RegistryError& e) {
      throw RegistryError(fmt::format("{} was copied, but not everything attached to it: {}", to_.text(), e.what()),
                          e.status(), e.transient());
    }
  }

  // True when something was sent.
  bool add(const CopyReport& r) {
    report_.blobs_copied += r.blobs_copied;
    report_.blobs_present += r.blobs_present;
    report_.blobs_mounted += r.blobs_mounted;
    report_.manifests += r.manifests;
    report_.manifests_present += r.manifests_present;
    report_.bytes += r.bytes;
    if (r.up_to_date) return false;
    ++report_.attached;
    return true;
  }

  // A registry accepts a manifest only once it holds every blob and child manifest the
  // manifest names, so one that is there by digest needs nothing below it copied: one
  // HEAD instead of one per blob.
  bool present(const std::string& digest) {
    if (dst_.manifest_digest(to_.repository, digest) != digest) return false;
    count(report_.manifests_present, {CopyEvent::Kind::ManifestPresent, digest});
    return true;
  }

  // The blobs of one image manifest, its config and layers, `jobs` at a time: each worker
  // has its own connections (a libcurl handle serves one thread), the first failure stops
  // the others from starting more and is thrown once they are done.
  void image(const Manifest& m) {
    const Json j = parse(m, from_);
    std::vector<Descriptor> blobs;
    if (j.contains("config")) blobs.push_back(descriptor(j["config"], from_));
    if (j.contains("layers") && j["layers"].is_array()) {
      for (const Json& layer : j["layers"]) blobs.push_back(descriptor(layer, from_));
    }
    const size_t workers = std::min<size_t>(blobs.size(), static_cast<size_t>(std::max(options_.jobs, 1)));
    if (workers <= 1) {
      for (const auto& b : blobs) blob(src_, dst_, b);
      return;
    }
    // Cloned here, not in the threads: a clone takes the credentials the registry has
    // already accepted, and the first worker may be changing them.
    std::vector<Client> own;
    for (size_t w = 1; w < workers; ++w) {
      own.push_back(src_.clone());
      own.push_back(dst_.clone());
    }
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::vector<std::thread> threads;
    for (size_t w = 0; w < workers; ++w) {
      threads.emplace_back([&, w] {
        Client& s = w == 0 ? src_ : own[2 * w - 2];  // the first worker reuses the connections already made
        Client& d = w == 0 ? dst_ : own[2 * w - 1];
        for (size_t k; (k = next++) < blobs.size();) {
          try {
            blob(s, d, blobs[k]);
          } catch (...) {
            const std::lock_guard lock(mutex_);
            if (!failure) failure = std::current_exception();
            next = blobs.size();
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
  }

  void blob(Client& src, Client& dst, const Descriptor& b) {
    if (dst.has_blob(to_.repository, b.digest)) {
      count(report_.blobs_present, {CopyEvent::Kind::BlobPresent, b.digest});
      return;
    }
    if (src.registry() == dst.registry() && from_.repository != to_.repository &&
        dst.mount_blob(to_.repository, b.digest, from_.repository)) {
      count(report_.blobs_mounted, {CopyEvent::Kind::BlobMounted, b.digest, 0, from_.repository});
      return;
    }
    Upload upload;
    try {
      try {
        stream(src, dst, b, upload);
      } catch (const RegistryError& e) {
        if (!e.transient()) throw;
        // A connection broke: the blob is downloaded again into a temporary file, where the
        // download can be retried, and the upload goes on from where the registry has it.
        say({CopyEvent::Kind::BlobRetrying, b.digest, 0, e.what()});
        const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
        if (!file) throw RegistryError("cannot create a temporary file for a blob");
        src.get_blob(from_.repository, b.digest, b.size, file.get());
        if (const uint64_t resumed = dst.put_blob(to_.repository, b.digest, b.size, file.get(), upload)) {
          say({CopyEvent::Kind::BlobResumed, b.digest, resumed, ""});
        }
      }
    } catch (...) {
      dst.cancel_upload(to_.repository, upload);  // no session left behind
      throw;
    }
    count(report_.blobs_copied, {CopyEvent::Kind::BlobCopied, b.digest, b.size});
  }

  // The download and the upload at once, through a bounded pipe: the upload is committed
  // only once the download has checked the digest. The first side to fail says why.
  void stream(Client& src, Client& dst, const Descriptor& b, Upload& upload) {
    BlobPipe pipe(kPipeBytes);
    std::exception_ptr errors[2];
    std::atomic<int> first{-1};
    const auto failed = [&](int side) {
      errors[side] = std::current_exception();
      int none = -1;
      first.compare_exchange_strong(none, side);
      pipe.fail();
    };
    std::thread download([&] {
      try {
        src.stream_blob_from(from_.repository, b.digest, b.size, [&](const char* d, size_t n) { return pipe.write(d, n); });
        pipe.close();
      } catch (...) {
        failed(0);
      }
    });
    try {
      uint64_t sent = 0;
      const auto source = [&](char* out, size_t n) {
        const long got = pipe.read(out, n);
        if (got > 0 && options_.progress) {
          sent += static_cast<uint64_t>(got);
          const std::lock_guard lock(log_mutex_);
          options_.progress(b.digest, sent, b.size);
        }
        return got;
      };
      dst.stream_blob_to(to_.repository, b.digest, b.size, source, upload);
    } catch (...) {
      failed(1);
    }
    download.join();
    if (first >= 0) std::rethrow_exception(errors[first]);
  }

  static constexpr size_t kPipeBytes = 4 * 1024 * 1024;

  void count(size_t& counter, const CopyEvent& event) {
    const std::lock_guard lock(mutex_);
    ++counter;
    if (event.kind == CopyEvent::Kind::BlobCopied) report_.bytes += event.bytes;
    say(event);
  }

  void tag(const Manifest& m) {
    dst_.put_manifest(to_.repository, to_.reference(), m);
    ++report_.manifests;
    report_.digest = m.digest;
    say({CopyEvent::Kind::ManifestTagged, m.digest, 0, to_.text()});
  }

  Client& src_;
  const ImageRef& from_;
  Client& dst_;
  const ImageRef& to_;
  const CopyOptions& options_;
  CopyReport report_;
  std::mutex mutex_;      // report_, shared by the workers
  std::mutex log_mutex_;  // options_.log and options_.progress
};

}  // namespace

CopyReport copy_image(Client& source, const ImageRef& from, Client& destination, const ImageRef& to,
                      const CopyOptions& options) {
  return Copier(source, from, destination, to, options).run();
}

}  // namespace ferry::registry
