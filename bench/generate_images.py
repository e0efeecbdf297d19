#!/usr/bin/env python3
"""Writes N deterministic image records (JSON Lines) for the benchmark.

usage: generate_images.py N SEED > images.jsonl

Each image has 5-30 components, labels, vulnerability counts, licenses and platforms,
and a created date spread over the year before 2026-11-26; one in ten is unscanned
(no vulns, components or licenses), as real registries have.
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

NOW = datetime(2026, 11, 26, tzinfo=timezone.utc)
REPOS = ["acme/platform/api-gateway", "acme/platform/db", "acme/web/api-users", "acme/web/frontend",
         "acme/tools/api-lint", "dev/website", "team-a/service", "acme/platform/queue"]
TAGS = ["1.2.3", "v1.2.3", "v2.0.0-rc.1", "1.0-stable", "2.1-stable", "3.0-rc1", "latest", "stable", "lts",
        "edge", "nightly", "v10.4.1", "feature-x", "4.5.6-beta"]
COMPONENTS = ["openssl", "openssl-libs", "zlib", "glibc", "busybox", "curl", "libxml2", "nginx", "python3",
              "log4j-core", "struts2-core", "musl", "ca-certificates", "bash", "sqlite", "libpng"]
LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0", "GPL-3.0", "AGPL-3.0", "LGPL-2.1", "Zlib", "OpenSSL"]
PLATFORMS = ["linux/amd64", "linux/arm64", "linux/arm/v7", "linux/s390x"]


def image(rng, i):
    created = NOW - timedelta(seconds=rng.randrange(365 * 86400))
    img = {
        "registry": "dev.example.com",
        "repo": rng.choice(REPOS),
        "tag": rng.choice(TAGS),
        "digest": "sha256:%064x" % rng.getrandbits(256),
        "media_type": "application/vnd.oci.image.manifest.v1+json",
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "pushed": (created + timedelta(minutes=rng.randrange(120))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "size": rng.randrange(10**6, 2 * 10**9),
        "platforms": rng.sample(PLATFORMS, rng.randrange(1, 4)),
        "labels": {"team": rng.choice(["web", "platform", "data"]),
                   "org.opencontainers.image.version": "%d.%d" % (rng.randrange(5), rng.randrange(20))},
        "signed": rng.random() < 0.7,
    }
    if rng.random() < 0.05:
        img["labels"]["mirror.skip"] = rng.choice(["true", "false"])
    if rng.random() >= 0.1:
        components = []
        for _ in range(rng.randrange(5, 31)):
            components.append({"name": rng.choice(COMPONENTS), "version": "%d.%d.%d" % (rng.randrange(4), rng.randrange(20), rng.randrange(30)),
                               "license": rng.choice(LICENSES[:4] + LICENSES[6:]) if rng.random() < 0.97 else rng.choice(LICENSES),
                               "type": rng.choice(["deb", "apk", "npm", "pypi"])})
        img["components"] = components
        img["licenses"] = sorted({c["license"] for c in components})
        img["vulns"] = {"critical": rng.choice([0, 0, 0, 1, 2, 3, 5, 8]), "high": rng.randrange(15),
                        "medium": rng.randrange(30), "low": rng.randrange(40), "unknown": rng.randrange(3)}
    return img


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(n):
        out.write(json.dumps(image(rng, i), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
