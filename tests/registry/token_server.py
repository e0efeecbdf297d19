#!/usr/bin/env python3
"""A small token server for the registry tests: Docker's token authentication
(https://distribution.github.io/distribution/spec/auth/token/) on loopback. It checks
Basic credentials against one user and answers {"token": JWT} with the requested
repository actions, the JWT signed RS256 with a key whose self-signed certificate is the
registry's rootcertbundle (the certificate travels in the `x5c` header). Signing uses the
openssl command, so no Python package is needed.

usage: token_server.py PORT KEY.pem CERT.pem USER PASSWORD ISSUER SERVICE
"""
import base64, http.server, json, subprocess, sys, time, urllib.parse, uuid

port, key, cert, user, password, issuer, service = sys.argv[1:8]
der = subprocess.run(["openssl", "x509", "-in", cert, "-outform", "DER"], check=True, capture_output=True).stdout


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(access: list) -> str:
    header = {"alg": "RS256", "typ": "JWT", "x5c": [base64.b64encode(der).decode()]}
    now = int(time.time())
    claims = {"iss": issuer, "sub": user, "aud": service, "exp": now + 300, "nbf": now - 10, "iat": now,
              "jti": str(uuid.uuid4()), "access": access}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input.encode(),
                               check=True, capture_output=True).stdout
    return signing_input + "." + b64(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if url.path != "/token" or self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.end_headers()
            return
        access = []
        for scope in query.get("scope", []):
            for one in scope.split(" "):
                kind, _, rest = one.partition(":")
                name, _, actions = rest.rpartition(":")
                if kind == "repository":
                    access.append({"type": "repository", "name": name, "actions": actions.split(",")})
        body = json.dumps({"token": token(access), "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()
