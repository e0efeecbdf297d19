// The output formats of `ferry lint`: SARIF 2.1.0 for code-scanning upload, and GitHub
// workflow commands for annotations (text and JSON are those of `ferry check`).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grammar/diagnostic.h"
#include "grammar/source.h"

namespace ferry::cli {

struct Finding {
  const SourceFile* file;
  Diagnostic diag;
  Severity level;  // after .ferry.json
};

nlohmann::ordered_json sarif_log(const std::vector<Finding>& findings);

// `::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::message`.
std::string github_command(const Finding& f);

}  // namespace ferry::cli
