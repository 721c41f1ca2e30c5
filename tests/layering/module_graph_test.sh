#!/usr/bin/env bash
# The layering check checked: scripts/module-graph on two tiny trees. `clean/` follows its
# table and must pass; `departures/` breaks it once in each way the check knows (an include the
# table does not allow, a module without a row, an include of such a module, a "may use" entry
# without a row) and must fail naming each one; `clean/` also has a test file that uses a module
# only its tests may use, and `departures/` a production file that does the same. Run by CTest (module_graph_test).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
graph="$here/../../scripts/module-graph"
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect_line OUTPUT LINE: OUTPUT has LINE as one whole line.
expect_line() {
  grep -qxF -- "$2" <<< "$1" || fail "missing line: $2"
}

output="$("$graph" --root "$here/clean" --check 2>&1)"
status=$?
[ "$status" -eq 0 ] || fail "clean tree: --check exited $status, expected 0:"$'\n'"$output"
expect_line "$output" "layering: 6 includes between 4 modules, all allowed by docs/architecture.md"

output="$("$graph" --root "$here/departures" --check 2>&1)"
status=$?
[ "$status" -eq 1 ] || fail "departures tree: --check exited $status, expected 1"
expect_line "$output" "src/alpha/alpha.h:5: alpha -> beta: not in the table (\`alpha\` may use: no module)"
expect_line "$output" "src/beta/beta.h:5: beta -> gamma: \`gamma\` is not in the table"
expect_line "$output" "docs/architecture.md: module \`gamma\` (src/gamma/) is not in the table: add a row | \`gamma\` | what it owns | the modules it may use |"
expect_line "$output" "docs/architecture.md: module \`tools\` (tools/) is not in the table: add a row | \`tools\` | what it owns | the modules it may use |"
expect_line "$output" "docs/architecture.md:6: \`beta\` may use \`delta\`, which has no row in the table (add a row for \`delta\`)"
expect_line "$output" "layering: 5 departure(s) from the module table in docs/architecture.md"
# Allowed includes are not reported: beta -> alpha, gamma -> alpha, alpha's own header.
if grep -q -e "beta -> alpha" -e "gamma -> alpha" -e "alpha -> alpha" <<< "$output"; then
  fail "an allowed include was reported:"$'\n'"$output"
fi

# The "tests may also use" column allows test code only: alpha's production header including
# beta is still reported above, although alpha's tests may use beta.

# The graph itself: edges with their include counts, nested modules, tools/, Graphviz.
output="$("$graph" --root "$here/clean")" || fail "the text graph exited non-zero"
expect_line "$output" "  gamma/inner -> alpha (1), beta (1)"
expect_line "$output" "  tools       -> beta (1), gamma/inner (1)"
expect_line "$output" "  alpha       -> (nothing)"
output="$("$graph" --root "$here/clean" --dot)" || fail "--dot exited non-zero"
expect_line "$output" '  "gamma/inner" -> "beta";'

# No table at all is an error of its own (exit 2), not a pass.
"$graph" --root "$here/clean" --table "$here/module_graph_test.sh" --check > /dev/null 2>&1
status=$?
[ "$status" -eq 2 ] || fail "a file without a table: --check exited $status, expected 2"

if [ "$failures" -ne 0 ]; then
  echo "module_graph_test: $failures failure(s)" >&2
  exit 1
fi
echo "module_graph_test: the checker passes the clean tree and names every departure"
