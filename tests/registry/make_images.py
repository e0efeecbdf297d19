#!/usr/bin/env python3
"""Writes an OCI image layout of small test images, made offline and byte for byte the
same on every run (tar and gzip times fixed):

  website-1.0-stable     one linux/amd64 image: a base layer shared with the next, an app layer
  website-1.1-unstable   the same base, another app layer
  multi-1.0              an image index of linux/amd64 and linux/arm64
  large-1.0              one 5 MB layer, for uploads in several chunks

With --bench, also the images of the copy benchmark (bench/copy_bench.sh):

  big-1.0                one 200 MB layer (random bytes: nothing to compress)
  layers-1.0             forty layers of 256 KB

usage: make_images.py DIR [--bench]
"""
import gzip, hashlib, io, json, os, sys, tarfile

out = sys.argv[1]
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)


def put(data: bytes) -> dict:
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


def layer(files: dict) -> dict:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, content in sorted(files.items()):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = 1700000000
            tar.addfile(info, io.BytesIO(content))
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as gz:
        gz.write(raw.getvalue())
    blob = put(packed.getvalue())
    blob["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
    blob["diff_id"] = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
    return blob


def image(layers: list, arch: str, labels: dict, created: str) -> dict:
    config = {
        "created": created,
        "architecture": arch,
        "os": "linux",
        "config": {"Labels": labels},
        "rootfs": {"type": "layers", "diff_ids": [l["diff_id"] for l in layers]},
    }
    cfg = put(json.dumps(config, sort_keys=True).encode())
    cfg["mediaType"] = "application/vnd.oci.image.config.v1+json"
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": cfg,
        "layers": [{k: l[k] for k in ("mediaType", "digest", "size")} for l in layers],
    }
    m = put(json.dumps(manifest, sort_keys=True).encode())
    m["mediaType"] = manifest["mediaType"]
    m["platform"] = {"architecture": arch, "os": "linux"}
    return m


base = layer({"etc/os-release": b"NAME=ferry-test\n", "bin/sh": b"#!/bin/true\n" * 64})
app1 = layer({"srv/website/index.html": b"<h1>1.0</h1>\n"})
app2 = layer({"srv/website/index.html": b"<h1>1.1</h1>\n"})
arm = layer({"srv/website/index.html": b"<h1>arm</h1>\n"})
labels = {"team": "web", "org.opencontainers.image.version": "1.0"}

refs = {
    "website-1.0-stable": image([base, app1], "amd64", labels, "2026-11-20T10:00:00Z"),
    "website-1.1-unstable": image([base, app2], "amd64", labels, "2026-11-21T10:00:00Z"),
}
children = [image([base, app1], "amd64", labels, "2026-11-20T10:00:00Z"), image([base, arm], "arm64", labels, "2026-11-20T11:00:00Z")]
index = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{k: c[k] for k in ("mediaType", "digest", "size", "platform")} for c in children],
}
idx = put(json.dumps(index, sort_keys=True).encode())
idx["mediaType"] = index["mediaType"]
refs["multi-1.0"] = idx
large = put(__import__("random").Random(7).randbytes(5 * 1024 * 1024))
large["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
large["diff_id"] = large["digest"]
refs["large-1.0"] = image([large], "amd64", labels, "2026-11-20T10:00:00Z")

if "--bench" in sys.argv:
    import random
    rng = random.Random(42)

    def raw_layer(size: int) -> dict:
        # Layer blobs are opaque to registries and copiers: random bytes, stored as they are.
        data = bytes(rng.getrandbits(8) for _ in range(1024)) * (size // 1024)
        blob = put(data)
        blob["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
        blob["diff_id"] = blob["digest"]
        return blob

    big_layer = put(rng.randbytes(200 * 1024 * 1024))
    big_layer["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip"
    big_layer["diff_id"] = big_layer["digest"]
    refs["big-1.0"] = image([big_layer], "amd64", labels, "2026-11-20T10:00:00Z")
    refs["layers-1.0"] = image([raw_layer(256 * 1024) for _ in range(40)], "amd64", labels, "2026-11-20T10:00:00Z")

layout = {"schemaVersion": 2, "manifests": []}
for name, desc in refs.items():
    entry = {k: desc[k] for k in ("mediaType", "digest", "size")}
    entry["annotations"] = {"org.opencontainers.image.ref.name": name}
    layout["manifests"].append(entry)
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump(layout, f)
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
