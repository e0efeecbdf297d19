#include "runtime/facts/scan_report.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "runtime/facts/readers.h"

namespace ferry::facts {
namespace {

std::optional<ReportFormat> detect(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  if (j.contains("payloadType") && j.contains("payload")) return ReportFormat::InToto;
  if (j.contains("_type") && j["_type"].is_string() && j["_type"].get<std::string>().find("in-toto.io/Statement") != std::string::npos) {
    return ReportFormat::InToto;
  }
  if (j.value("bomFormat", nlohmann::json()) == "CycloneDX") return ReportFormat::CycloneDx;
  if (j.contains("spdxVersion")) return ReportFormat::Spdx;
  if (j.contains("SchemaVersion") && (j.contains("Results") || j.contains("ArtifactName"))) return ReportFormat::Trivy;
  if (j.contains("matches") && (j.contains("descriptor") || j.contains("source"))) return ReportFormat::Grype;
  return std::nullopt;
}

nlohmann::json parse(std::string_view text, const std::string& name) {
  if (text.size() > kMaxReportBytes) {
    throw ReportError(fmt::format("{}: {} bytes, more than the {} MiB a report may have", name, text.size(), kMaxReportBytes >> 20));
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Where it broke off, as a line and column a user can find.
    const size_t at = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    size_t line = 1, column = 1;
    for (size_t k = 0; k < at; ++k) {
      if (text[k] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw ReportError(fmt::format("{}:{}:{}: not valid JSON{}", name, line, column,
                                  at >= text.size() ? " (it ends too soon: truncated?)" : ""));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value JSON allows and a double cannot hold (`4e330`).
    std::string why = e.what();
    if (const size_t bracket = why.find("] "); why.starts_with("[json.exception") && bracket != std::string::npos) why.erase(0, bracket + 2);
    throw ReportError(fmt::format("{}: not valid JSON: {}", name, why));
  }
}

ScanReport dispatch(ReportFormat format, const nlohmann::json& j, const std::string& name) {
  switch (format) {
    case ReportFormat::Trivy: return read_trivy(j, name);
    case ReportFormat::Grype: return read_grype(j, name);
    case ReportFormat::CycloneDx: return read_cyclonedx(j, name);
    case ReportFormat::Spdx: return read_spdx(j, name);
    case ReportFormat::InToto: return read_in_toto(j, name);
  }
  throw ReportError(name + ": unknown format");
}

}  // namespace

std::optional<ReportFormat> detect_format(std::string_view json_text) {
  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  return detect(j);
}

ScanReport read_report(std::string_view json_text, const std::string& name) {
  const nlohmann::json j = parse(json_text, name);
  const auto format = detect(j);
  if (!format) {
    throw ReportError(fmt::format("{}: not a report ferry reads (Trivy or Grype JSON, CycloneDX or SPDX JSON, an in-toto attestation)", name));
  }
  return dispatch(*format, j, name);
}

ScanReport read_report_as(ReportFormat format, std::string_view json_text, const std::string& name) {
  return dispatch(format, parse(json_text, name), name);
}

ScanReport read_report_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw ReportError(fmt::format("{}: cannot be read", path));
  const auto size = static_cast<size_t>(in.tellg());
  if (size > kMaxReportBytes) {
    throw ReportError(fmt::format("{}: {} bytes, more than the {} MiB a report may have", path, size, kMaxReportBytes >> 20));
  }
  in.seekg(0);
  std::string text(size, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) throw ReportError(fmt::format("{}: cannot be read", path));
  return read_report(text, path);
}

}  // namespace ferry::facts
