#!/usr/bin/env python3
"""ferry serve's benchmark, run by bench/serve_bench.sh: webhooks accepted per second
(each answered only once its event is on disk), over C connections at once; then the
latency from a notification to its decision, one notification at a time, observed by
asking /jobs/ID every millisecond.

usage: serve_bench.py PORT SECRET REGISTRY REPOSITORY TAG DIGEST N CONNECTIONS LATENCY_SAMPLES
"""
import http.client, json, statistics, sys, threading, time

port, secret, registry, repository, tag, digest = sys.argv[1:7]
n, connections, samples = int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
body = json.dumps({"events": [{"action": "push", "target": {"repository": repository, "tag": tag, "digest": digest},
                               "request": {"host": registry}}]})
headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/vnd.docker.distribution.events.v1+json"}


def post(conn):
    conn.request("POST", "/webhook", body, headers)
    r = conn.getresponse()
    data = r.read()
    assert r.status == 202, (r.status, data)
    return json.loads(data)["queued"][0]


def sender(count):
    conn = http.client.HTTPConnection("127.0.0.1", int(port))
    for _ in range(count):
        post(conn)


start = time.perf_counter()
threads = [threading.Thread(target=sender, args=(n // connections,)) for _ in range(connections)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
accepted = n // connections * connections
print(f"accepted {accepted} webhooks in {elapsed:.2f} s over {connections} connections: {accepted / elapsed:.0f} per second")

# Let the backlog drain before timing single notifications.
conn = http.client.HTTPConnection("127.0.0.1", int(port))
while True:
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    queued = [l for l in text.splitlines() if l.startswith('ferry_jobs{kind="event",status="queued"}')]
    if queued and queued[0].split()[-1] == "0":
        break
    time.sleep(0.2)

latencies = []
for _ in range(samples):
    t0 = time.perf_counter()
    job = post(conn)
    while True:
        conn.request("GET", f"/jobs/{job}", headers=headers)
        status = json.loads(conn.getresponse().read())["status"]
        if status == "done":
            break
        time.sleep(0.001)
    latencies.append((time.perf_counter() - t0) * 1000)
latencies.sort()
p50 = statistics.median(latencies)
p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
print(f"notification to decision, {samples} one at a time: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
