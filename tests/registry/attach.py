#!/usr/bin/env python3
"""Attaches things to an image in a plain-HTTP registry, built offline the way the tools
that make them lay them out (nothing is really signed: ferry copies attachments and
reads whether a signature exists; it does not verify them):

  sig       cosign's signature: an image manifest of one simple-signing layer carrying
            the signature annotation, tagged sha256-<hex>.sig
  sbom      cosign attach sbom: an SPDX document as the one layer, tagged sha256-<hex>.sbom
  notation  a Notation signature as an OCI 1.1 referrer (artifactType, `subject`), pushed
            by digest and listed in the referrers fallback tag sha256-<hex>
  sbom=FILE           as cosign attach sbom: FILE (SPDX or CycloneDX JSON) as the layer of the .sbom tag
  att=FILE            as cosign attest --type vuln: FILE (a scanner's report) in cosign's
                      vulnerability predicate, in a DSSE envelope, the layer of the .att tag
  sbom-referrer=FILE  FILE as an OCI referrer of artifact type application/spdx+json

usage: attach.py HOST:PORT REPO TAG KIND...
Prints the digest of each manifest it pushes, one a line.
"""
import base64, hashlib, json, sys, urllib.error, urllib.request

registry, repo, tag, kinds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
base = f"http://{registry}/v2/{repo}"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def request(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req) as r:
        return r.status, dict(r.headers), r.read()


def blob(data: bytes, media_type: str) -> dict:
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    _, headers, _ = request("POST", f"{base}/blobs/uploads/")
    location = headers["Location"]
    location = location if location.startswith("http") else f"http://{registry}{location}"
    request("PUT", f"{location}{'&' if '?' in location else '?'}digest={digest}", data,
            {"Content-Type": "application/octet-stream"})
    return {"mediaType": media_type, "digest": digest, "size": len(data)}


def manifest(body: dict, reference: str = None) -> dict:
    data = json.dumps(body, sort_keys=True).encode()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    request("PUT", f"{base}/manifests/{reference or digest}", data, {"Content-Type": body["mediaType"]})
    print(digest)
    return {"mediaType": body["mediaType"], "digest": digest, "size": len(data)}


status, headers, subject_bytes = request("GET", f"{base}/manifests/{tag}", headers={"Accept": ", ".join([
    OCI_MANIFEST, OCI_INDEX, "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json"])})
subject = {"mediaType": headers["Content-Type"], "digest": "sha256:" + hashlib.sha256(subject_bytes).hexdigest(),
           "size": len(subject_bytes)}
hex_digest = subject["digest"][7:]

def list_referrer(referrer: dict) -> None:
    # The registry has no referrers API (docker-registry 2.8): the fallback tag lists them.
    try:
        _, _, existing = request("GET", f"{base}/manifests/sha256-{hex_digest}", headers={"Accept": OCI_INDEX})
        index = json.loads(existing)
    except urllib.error.HTTPError:
        index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": []}
    index["manifests"].append(referrer)
    request("PUT", f"{base}/manifests/sha256-{hex_digest}", json.dumps(index).encode(), {"Content-Type": OCI_INDEX})


def empty_config() -> dict:
    return blob(b"{}", "application/vnd.oci.empty.v1+json")


for kind in kinds:
    kind, _, path = kind.partition("=")
    content = open(path, "rb").read() if path else b""
    if kind == "sig":
        payload = json.dumps({"critical": {"identity": {"docker-reference": f"{registry}/{repo}"},
                                           "image": {"docker-manifest-digest": subject["digest"]},
                                           "type": "cosign container image signature"}, "optional": None}).encode()
        layer = blob(payload, "application/vnd.dev.cosign.simplesigning.v1+json")
        layer["annotations"] = {"dev.cosignproject.cosign/signature": base64.b64encode(b"not a real signature").decode()}
        config = blob(json.dumps({"architecture": "", "os": "", "config": {}, "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode(),
                      "application/vnd.oci.image.config.v1+json")
        manifest({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config, "layers": [layer]}, f"sha256-{hex_digest}.sig")
    elif kind == "sbom" and not path:
        sbom = json.dumps({"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": repo, "packages": []}).encode()
        layer = blob(sbom, "text/spdx+json")
        config = blob(json.dumps({"architecture": "", "os": "", "config": {}, "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode(),
                      "application/vnd.oci.image.config.v1+json")
        manifest({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config, "layers": [layer]}, f"sha256-{hex_digest}.sbom")
    elif kind == "notation":
        empty = blob(b"{}", "application/vnd.oci.empty.v1+json")
        layer = blob(b'{"payload":"not a real signature"}', "application/jose+json")
        artifact_type = "application/vnd.cncf.notary.signature"
        referrer = manifest({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": artifact_type,
                             "config": empty, "layers": [layer], "subject": subject,
                             "annotations": {"io.cncf.notary.x509chain.thumbprint#S256": "[]"}})
        referrer["artifactType"] = artifact_type
        list_referrer(referrer)
    elif kind == "sbom" and path:
        media_type = "application/vnd.cyclonedx+json" if b'"bomFormat"' in content else "text/spdx+json"
        layer = blob(content, media_type)
        config = blob(json.dumps({"architecture": "", "os": "", "config": {}, "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode(),
                      "application/vnd.oci.image.config.v1+json")
        manifest({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config, "layers": [layer]}, f"sha256-{hex_digest}.sbom")
    elif kind == "att":
        statement = {"_type": "https://in-toto.io/Statement/v0.1", "predicateType": "https://cosign.sigstore.dev/attestation/vuln/v1",
                     "subject": [{"name": f"{registry}/{repo}", "digest": {"sha256": hex_digest}}],
                     "predicate": {"invocation": {}, "scanner": {"uri": "pkg:github/aquasecurity/trivy", "version": "0", "result": json.loads(content)},
                                   "metadata": {}}}
        envelope = {"payloadType": "application/vnd.in-toto+json", "payload": base64.b64encode(json.dumps(statement).encode()).decode(),
                    "signatures": [{"keyid": "", "sig": base64.b64encode(b"not a real signature").decode()}]}
        layer = blob(json.dumps(envelope).encode(), "application/vnd.dsse.envelope.v1+json")
        layer["annotations"] = {"predicateType": statement["predicateType"]}
        config = blob(json.dumps({"architecture": "", "os": "", "config": {}, "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode(),
                      "application/vnd.oci.image.config.v1+json")
        manifest({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config, "layers": [layer]}, f"sha256-{hex_digest}.att")
    elif kind == "sbom-referrer":
        layer = blob(content, "application/spdx+json")
        referrer = manifest({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": "application/spdx+json",
                             "config": empty_config(), "layers": [layer], "subject": subject})
        referrer["artifactType"] = "application/spdx+json"
        list_referrer(referrer)
    else:
        sys.exit(f"attach.py: unknown kind {kind}")
