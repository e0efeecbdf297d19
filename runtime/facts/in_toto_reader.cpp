#include <fmt/format.h>
#include <openssl/evp.h>

#include "runtime/facts/json_walk.h"
#include "runtime/facts/readers.h"

namespace ferry::facts {
namespace {

std::optional<std::string> base64_decode(const std::string& in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out(in.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                                static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  size_t size = static_cast<size_t>(n);
  // EVP_DecodeBlock counts the padding as bytes.
  for (size_t k = in.size(); k > 0 && in[k - 1] == '='; --k) --size;
  out.resize(size);
  return out;
}

ScanReport read_statement(const nlohmann::json& statement, const std::string& name) {
  const Walk top(statement, "", name);
  top.expect_object();
  const std::string type = top.string("predicateType");
  if (!top.has("predicate")) top.fail("the statement has no `predicate`");
  const nlohmann::json& predicate = statement.at("predicate");
  ScanReport report;
  const std::string where = fmt::format("{} (predicate)", name);
  if (type.starts_with("https://cyclonedx.org/bom")) {
    report = read_cyclonedx(predicate, where);
  } else if (type.starts_with("https://spdx.dev/Document")) {
    report = read_spdx(predicate, where);
  } else if (type == "https://cosign.sigstore.dev/attestation/vuln/v1") {
    // cosign's vulnerability predicate carries the scanner's own report.
    const Walk p(predicate, "predicate", name);
    p.expect_object();
    if (!p.has("scanner")) p.fail("`scanner` is missing");
    const Walk scanner = p.at("scanner");
    scanner.expect_object();
    if (!scanner.has("result")) scanner.fail("`result` is missing: the scanner's report");
    const nlohmann::json& result = scanner.value().at("result");
    const std::string inner = fmt::format("{} (scanner result)", name);
    if (result.is_object() && result.contains("SchemaVersion")) report = read_trivy(result, inner);
    else if (result.is_object() && result.contains("matches")) report = read_grype(result, inner);
    else if (result.is_object() && result.contains("bomFormat")) report = read_cyclonedx(result, inner);
    else scanner.at("result").fail("a Trivy, Grype or CycloneDX report was expected");
  } else {
    top.at("predicateType").fail(fmt::format("`{}` is not a predicate ferry reads (CycloneDX, SPDX, cosign vuln)", type));
  }
  report.format = fmt::format("in-toto attestation of {}", report.format);
  report.name = name;
  report.verified = false;  // docs/facts.md: attestation signatures are not checked yet
  return report;
}

}  // namespace

ScanReport read_in_toto(const nlohmann::json& root, const std::string& name) {
  const Walk top(root, "", name);
  top.expect_object();
  if (!top.has("payload")) return read_statement(root, name);  // a bare statement
  const std::string payload_type = top.string("payloadType");
  if (payload_type != "application/vnd.in-toto+json") {
    top.at("payloadType").fail(fmt::format("`{}` is not an in-toto payload", payload_type));
  }
  const auto payload = base64_decode(top.string("payload"));
  if (!payload) top.at("payload").fail("not base64");
  const nlohmann::json statement = nlohmann::json::parse(*payload, nullptr, false);
  if (statement.is_discarded()) top.at("payload").fail("the decoded payload is not JSON");
  return read_statement(statement, name);
}

}  // namespace ferry::facts
