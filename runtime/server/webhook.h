// The bodies of push notifications `ferry serve` accepts at POST /webhook, told apart by
// content: the distribution registry's (`{"events": [...]}`,
// application/vnd.docker.distribution.events.v1+json) and Harbor's (`{"type":
// "PUSH_ARTIFACT", "event_data": ...}`). Only pushes of a tag are kept: pulls, deletes,
// and manifests pushed by digest (an index's children) are not images to decide on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/state/job_queue.h"

namespace ferry::server {

struct ParsedWebhook {
  std::vector<PushEvent> pushes;
  size_t ignored = 0;  // events that are not a push of a tag
  std::string error;   // not JSON, or neither format: the webhook is refused (400)
};

ParsedWebhook parse_webhook(std::string_view body);

}  // namespace ferry::server
