# Writes the first `limit` top-level text modules of a .wast script to prefix1.wat, prefix2.wat, …
# (binary and quoted modules are left out: they are not text modules). Strings and comments are
# followed so that their parentheses do not count.
# usage: awk -v prefix=DIR/name -v limit=N -f wast_modules.awk FILE.wast
BEGIN { depth = 0; in_string = 0; comment_depth = 0; count = 0 }

function finish(form) {
  if (count >= limit) return
  if (form !~ /^\(module[ \t\n]/) return
  if (form ~ /^\(module[ \t\n]+(\$[^ \t\n]+[ \t\n]+)?(binary|quote)/) return
  count++
  printf "%s\n", form > (prefix count ".wat")
  close(prefix count ".wat")
}

{
  line = $0 "\n"
  start = 1
  n = length(line)
  for (i = 1; i <= n; i++) {
    c = substr(line, i, 1)
    pair = substr(line, i, 2)
    if (in_string) {
      if (c == "\\") i++
      else if (c == "\"") in_string = 0
    } else if (comment_depth > 0) {
      if (pair == "(;") { comment_depth++; i++ }
      else if (pair == ";)") { comment_depth--; i++ }
    } else if (pair == ";;") {
      break
    } else if (pair == "(;") {
      comment_depth = 1; i++
    } else if (c == "\"") {
      in_string = 1
    } else if (c == "(") {
      if (depth == 0) { form = ""; start = i }
      depth++
    } else if (c == ")") {
      depth--
      if (depth == 0) finish(form substr(line, start, i - start + 1))
    }
  }
  if (depth > 0) { form = form substr(line, start); start = 1 }
}
