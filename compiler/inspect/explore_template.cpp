// The explore page: layout, styles and script, all inline so that the page works from a file
// with no network. The script renders one function at a time (big modules stay responsive) and
// links lines through their wasm offsets. With #selftest in the URL it clicks a wasm line itself
// and writes a verdict into the page, for the headless-browser test.
#include "inspect/explore_template.h"

namespace kiln::inspect {

const std::string_view kExploreTemplate = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kiln explore: @TITLE@</title>
<script>
// Installed before anything else runs, so that the self-test sees every script error.
window.kilnErrors = [];
window.addEventListener("error", function (event) { window.kilnErrors.push(String(event.message)); });
</script>
<style>
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 13px system-ui, sans-serif; color: #1d1d1f; background: #f6f6f4; }
header { display: flex; gap: 12px; align-items: center; padding: 6px 10px; background: #2b2d31; color: #eee; }
header h1 { font-size: 14px; margin: 0; font-weight: 600; white-space: nowrap; }
header select, header input { font: inherit; padding: 2px 4px; }
header select { min-width: 24em; max-width: 50%; }
header .hint { color: #aaa; margin-left: auto; white-space: nowrap; }
main { flex: 1; display: grid; grid-template-columns: 1fr 1.4fr 1.2fr; gap: 6px; padding: 6px; min-height: 0; }
section { display: flex; flex-direction: column; min-width: 0; min-height: 0; background: #fff; border: 1px solid #d4d4d0; }
section h2 { font-size: 12px; margin: 0; padding: 4px 8px; background: #e8e8e4; border-bottom: 1px solid #d4d4d0; }
.code { flex: 1; overflow: auto; font: 12px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.line { display: flex; white-space: pre; cursor: default; }
.line .off { flex: none; width: 7em; padding-right: 0.8em; text-align: right; color: #999; user-select: none; }
.line .text { flex: none; padding-right: 1em; }
.line.linked:hover, .line.hover { background: #e3efff; }
.line.inlined .off { font-style: italic; }
.line.inlined .off::after { content: "*"; }
.line.sel { background: #ffe58a; }
.line.sel .off { color: #7a5b00; }
.line:not(.linked) .text { color: #777; }
#selftest { display: none; }
</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <input id="filter" type="search" placeholder="filter functions" aria-label="filter functions">
  <select id="function" aria-label="function"></select>
  <span class="hint">hover or click a line to see where its wasm instruction went; * marks inlined code</span>
</header>
<main>
  <section><h2>wasm</h2><div class="code" id="wasm"></div></section>
  <section><h2 id="ir-heading">optimized LLVM IR</h2><div class="code" id="ir"></div></section>
  <section><h2>native code</h2><div class="code" id="asm"></div></section>
</main>
<div id="selftest"></div>
<script type="application/json" id="kiln-data">@DATA@</script>
<script>
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("kiln-data").textContent);
  const kinds = ["wasm", "ir", "asm"];
  const columns = {};
  for (const kind of kinds) columns[kind] = document.getElementById(kind);
  const select = document.getElementById("function");
  const filter = document.getElementById("filter");
  let byOffset = new Map();  // wasm offset -> the line elements that carry it, in all columns
  let selected = [];
  let hovered = [];

  document.getElementById("title").textContent = "kiln explore: " + data.title;
  document.getElementById("ir-heading").textContent = "optimized LLVM IR (-O" + data.optLevel + ")";

  const hex = (n) => "0x" + n.toString(16);

  function fillSelect() {
    const words = filter.value.trim().toLowerCase();
    const current = select.value;
    select.textContent = "";
    data.functions.forEach(function (f, i) {
      const label = f.index + ": " + f.name + " " + f.type;
      if (words && !label.toLowerCase().includes(words)) return;
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = label;
      select.appendChild(option);
    });
    if (current && select.querySelector('option[value="' + current + '"]')) select.value = current;
  }

  function render(i) {
    const f = data.functions[i];
    byOffset = new Map();
    selected = [];
    hovered = [];
    for (const kind of kinds) {
      const fragment = document.createDocumentFragment();
      for (const [text, offsets] of f[kind]) {
        const line = document.createElement("div");
        line.className = "line";
        const gutter = document.createElement("span");
        gutter.className = "off";
        const body = document.createElement("span");
        body.className = "text";
        body.textContent = text;
        if (offsets.length) {
          line.classList.add("linked");
          line.kilnOffsets = offsets;
          line.dataset.offsets = offsets.join(" ");
          // Code inlined from another function shows the call it came through, in this function.
          gutter.textContent = hex(offsets[offsets.length - 1]);
          if (offsets.length > 1) {
            line.classList.add("inlined");
            line.title = "wasm " + offsets.map(hex).join(", inlined at ");
          }
          for (const offset of offsets) {
            if (!byOffset.has(offset)) byOffset.set(offset, []);
            byOffset.get(offset).push(line);
          }
        }
        line.append(gutter, body);
        fragment.appendChild(line);
      }
      columns[kind].textContent = "";
      columns[kind].appendChild(fragment);
      columns[kind].scrollTop = 0;
    }
    select.value = String(i);
  }

  // Every line sharing an offset with `line`, in all three columns.
  function related(line) {
    const lines = new Set();
    for (const offset of line.kilnOffsets || []) for (const other of byOffset.get(offset) || []) lines.add(other);
    return [...lines];
  }

  function mark(lines, className) {
    for (const line of lines) line.classList.add(className);
    return lines;
  }
  function unmark(lines, className) {
    for (const line of lines) line.classList.remove(className);
    return [];
  }

  // Brings the first of `lines` in each column into view, but leaves the column pointed at alone.
  function reveal(lines, except) {
    for (const kind of kinds) {
      const column = columns[kind];
      if (column === except) continue;
      const first = lines.find((line) => line.parentNode === column);
      if (!first) continue;
      const top = first.offsetTop - column.offsetTop;
      if (top < column.scrollTop || top + first.offsetHeight > column.scrollTop + column.clientHeight) {
        column.scrollTop = Math.max(0, top - column.clientHeight / 3);
      }
    }
  }

  function lineOf(event) {
    const line = event.target.closest(".line");
    return line && line.kilnOffsets ? line : null;
  }

  for (const kind of kinds) {
    const column = columns[kind];
    column.addEventListener("click", function (event) {
      const line = lineOf(event);
      selected = unmark(selected, "sel");
      if (!line) return;
      selected = mark(related(line), "sel");
      reveal(selected, column);
    });
    column.addEventListener("mouseover", function (event) {
      const line = lineOf(event);
      hovered = unmark(hovered, "hover");
      if (line) {
        hovered = mark(related(line), "hover");
        reveal(hovered, column);
      }
    });
    column.addEventListener("mouseleave", function () { hovered = unmark(hovered, "hover"); });
  }

  select.addEventListener("change", () => render(Number(select.value)));
  filter.addEventListener("input", function () {
    fillSelect();
    if (select.options.length && select.value !== "") render(Number(select.value));
  });

  // The self-test: a real click on a wasm line whose offset the IR and the native code share must
  // highlight exactly the lines with that offset, and nothing may have raised an error or slipped
  // markup into the page.
  function selftest() {
    const problems = [];
    let detail = "";
    let clicked = null;
    for (let i = 0; i < data.functions.length && !clicked; ++i) {
      render(i);
      const candidates = [...columns.wasm.querySelectorAll(".line.linked")].filter(function (line) {
        const lines = byOffset.get(line.kilnOffsets[0]);
        return lines.some((l) => l.parentNode === columns.ir) && lines.some((l) => l.parentNode === columns.asm);
      });
      // One from the middle of the body: the first instruction's lines are mostly the prologue.
      clicked = candidates[Math.floor(candidates.length / 2)] || null;
    }
    if (!clicked) {
      problems.push("no wasm line has both IR and native code lines");
    } else {
      const offset = clicked.kilnOffsets[0];
      clicked.querySelector(".text").dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
      const counts = {};
      for (const kind of kinds) {
        const expected = [...columns[kind].querySelectorAll(".line")].filter((l) => (l.kilnOffsets || []).includes(offset));
        const highlighted = [...columns[kind].querySelectorAll(".line.sel")];
        counts[kind] = highlighted.length;
        if (!expected.length || expected.length !== highlighted.length || expected.some((l) => !l.classList.contains("sel"))) {
          problems.push(kind + ": " + highlighted.length + " lines highlighted, " + expected.length + " carry " + hex(offset));
        }
      }
      detail = " function " + data.functions[Number(select.value)].name + ", wasm " + hex(offset) + " \u2192 " +
        counts.wasm + " wasm, " + counts.ir + " IR, " + counts.asm + " native lines";
    }
    if (document.scripts.length !== 3) problems.push(document.scripts.length + " script elements, not 3");
    if (window.kilnInjected !== undefined) problems.push("a name's markup ran");
    for (const error of window.kilnErrors) problems.push("script error: " + error);
    const verdict = document.getElementById("selftest");
    verdict.textContent = problems.length ? "KILN-SELFTEST: FAIL: " + problems.join("; ") : "KILN-SELFTEST: PASS:" + detail;
  }

  fillSelect();
  const wanted = /(?:^#|&)f=(\d+)/.exec(location.hash);
  if (data.functions.length) render(wanted && Number(wanted[1]) < data.functions.length ? Number(wanted[1]) : 0);
  if (/(?:^#|&)selftest\b/.test(location.hash)) selftest();
})();
</script>
</body>
</html>
)html";

}  // namespace kiln::inspect
