#!/usr/bin/env python3
"""Posts N distribution push notifications for one image to ferry serve over one
keep-alive connection, as fast as it answers; prints how many were accepted (202).

usage: burst.py PORT SECRET N REGISTRY REPOSITORY TAG DIGEST
"""
import http.client, json, sys

port, secret, n, registry, repository, tag, digest = sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:8]
body = json.dumps({"events": [{"action": "push", "target": {"repository": repository, "tag": tag, "digest": digest,
                                                            "mediaType": "application/vnd.oci.image.manifest.v1+json"},
                               "request": {"host": registry}}]})
conn = http.client.HTTPConnection("127.0.0.1", int(port))
accepted = 0
for _ in range(n):
    conn.request("POST", "/webhook", body, {"Authorization": f"Bearer {secret}",
                                            "Content-Type": "application/vnd.docker.distribution.events.v1+json"})
    r = conn.getresponse()
    r.read()
    accepted += r.status == 202
print(accepted)
