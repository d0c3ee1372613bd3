// explore_page: each function's wasm text, IR and native code as JSON, dropped into the page
// template. The JSON is made safe to sit inside a <script> element, and the page's script only
// ever puts it into the document as text, so names cannot inject markup.
#include <nlohmann/json.hpp>

#include "inspect/explore_template.h"
#include "inspect/inspection.h"
#include "text/wat_printer.h"

namespace kiln {
namespace {

using Json = nlohmann::json;

// A listing as [[text, [offset…]], …]: compact for modules with many lines.
Json listing_json(const inspect::Listing& lines) {
  Json result = Json::array();
  for (const inspect::ListingLine& line : lines) result.push_back(Json::array({line.text, line.offsets}));
  return result;
}

Json wat_json(const std::vector<text::WatLine>& lines) {
  Json result = Json::array();
  for (const text::WatLine& line : lines) {
    result.push_back(Json::array({line.text, line.offset != 0 ? Json::array({line.offset}) : Json::array()}));
  }
  return result;
}

// JSON text that cannot end the <script> element holding it or open a comment in it: '<', '>'
// and '&' only ever occur inside JSON strings, where their \u escapes mean the same.
std::string script_safe(const std::string& json) {
  std::string safe;
  safe.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      safe += "\\u003c";
    } else if (c == '>') {
      safe += "\\u003e";
    } else if (c == '&') {
      safe += "\\u0026";
    } else {
      safe += c;
    }
  }
  return safe;
}

std::string html_escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '&': escaped += "&amp;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

// `page` with its one `marker` replaced by `value`.
std::string fill(std::string page, std::string_view marker, const std::string& value) {
  size_t at = page.find(marker);
  if (at != std::string::npos) page.replace(at, marker.size(), value);
  return page;
}

}  // namespace

std::string explore_page(const Module& module, const InspectOptions& options, std::string_view title) {
  std::vector<uint32_t> shown = inspect::shown_functions(module, options);
  std::vector<inspect::Listing> ir = inspect::function_ir(module, options);
  std::vector<inspect::Listing> native = inspect::function_native_code(module, options);
  Json functions = Json::array();
  for (size_t i = 0; i < shown.size(); ++i) {
    uint32_t index = shown[i];
    functions.push_back({{"index", index},
                         {"name", module.function_name(index)},
                         {"type", to_string(module.func_type(index))},
                         {"wasm", wat_json(text::print_function(module, index))},
                         {"ir", listing_json(ir[i])},
                         {"asm", listing_json(native[i])}});
  }
  Json data = {{"title", std::string(title)}, {"optLevel", options.opt_level}, {"functions", std::move(functions)}};
  // Names and IR text are bytes; a name that is not UTF-8 shows replacement characters.
  std::string json = script_safe(data.dump(-1, ' ', false, Json::error_handler_t::replace));
  // The data, which may contain anything (markers too), goes in first, after the title's marker:
  // the search for that marker ends before it.
  std::string page = fill(std::string(inspect::kExploreTemplate), "@DATA@", json);
  return fill(std::move(page), "@TITLE@", html_escape(title));
}

}  // namespace kiln
