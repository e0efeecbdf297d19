// Queueing the events of webhooks with one disk write for all that arrive together: each
// request thread hands its events over and waits; one writer thread commits every
// waiting request's events in a single transaction (synchronous, so on disk) and wakes
// them. One write per fsync, not one per webhook: on this machine a commit costs some
// 7 ms, which alone would cap ferry serve at about 140 webhooks a second.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "runtime/state/job_queue.h"

namespace ferry::cli {

class EventWriter {
 public:
  explicit EventWriter(JobQueue& queue) : queue_(queue), thread_([this] { run(); }) {}
  ~EventWriter() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  // The events' job ids, once they are on disk; throws std::runtime_error if the write failed.
  std::vector<int64_t> add(const std::vector<PushEvent>& events) {
    Request request{&events, {}, {}, false};
    std::unique_lock lock(mutex_);
    waiting_.push_back(&request);
    wake_.notify_all();
    done_.wait(lock, [&] { return request.finished; });
    if (!request.error.empty()) throw std::runtime_error(request.error);
    return request.ids;
  }

 private:
  struct Request {
    const std::vector<PushEvent>* events;
    std::vector<int64_t> ids;
    std::string error;
    bool finished = false;
  };

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, nothing left
      std::deque<Request*> batch;
      batch.swap(waiting_);
      lock.unlock();
      std::vector<PushEvent> all;
      for (const Request* r : batch) all.insert(all.end(), r->events->begin(), r->events->end());
      std::vector<int64_t> ids;
      std::string error;
      try {
        ids = queue_.add_events(all, std::time(nullptr));
      } catch (const std::exception& e) {
        error = e.what();
      }
      lock.lock();
      size_t next = 0;
      for (Request* r : batch) {
        r->error = error;
        if (error.empty()) r->ids.assign(ids.begin() + static_cast<long>(next), ids.begin() + static_cast<long>(next + r->events->size()));
        next += r->events->size();
        r->finished = true;
      }
      done_.notify_all();
    }
  }

  JobQueue& queue_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<Request*> waiting_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ferry::cli
