#!/usr/bin/env bash
# `make install` and the bundled data found relative to the binary: installs the build into a
# temporary prefix (and through DESTDIR), runs the installed `esep results kz-majilis-2023` from
# another working directory and compares it with the build tree's output; a lone copy of the
# binary must not find the data (nothing is compiled in) unless ESEP_DATA_DIR names it.
# Usage (CTest): install_test.sh CMAKE BUILD_DIR SOURCE_DIR
set -uo pipefail
cmake="$1"
build="$(cd "$2" && pwd)"
source="$(cd "$3" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/esep-install-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
# The statement names the files it read; the outputs are compared with the election's folder
# written as ELECTION, after checking where each one read its data from.
normalize() {
  sed -E 's#[^ ]*elections/kz-majilis-2023/#ELECTION/#g' <<< "$1"
}
# expect_read OUTPUT FOLDER: OUTPUT names a file under FOLDER (that is where the data came from).
expect_read() {
  grep -qF -- "$2/party_list_by_region.csv" <<< "$1" || fail "the output names no file under $2"
}

"$cmake" --install "$build" --prefix "$work/prefix" > "$work/install.log" 2>&1 ||
  fail "cmake --install into $work/prefix: $(cat "$work/install.log")"
for file in bin/esep share/esep/elections/kz-majilis-2023/election.json \
  share/esep/mappings/ru-cik-example.json; do
  [ -e "$work/prefix/$file" ] || fail "not installed: PREFIX/$file"
done

expected="$(cd "$source" && "$build/esep" results data/elections/kz-majilis-2023 2>&1)" ||
  fail "the build tree's esep results data/elections/kz-majilis-2023 failed: $expected"
[ -n "$expected" ] || fail "the build tree's esep printed nothing"

mkdir -p "$work/elsewhere"
installed="$(cd "$work/elsewhere" && "$work/prefix/bin/esep" results kz-majilis-2023 2>&1)" ||
  fail "the installed esep results kz-majilis-2023 failed: $installed"
expect_read "$installed" "$work/prefix/share/esep/elections/kz-majilis-2023"
[ "$(normalize "$installed")" = "$(normalize "$expected")" ] ||
  fail "the installed binary prints something else:"$'\n'"$(diff <(normalize "$expected") <(normalize "$installed"))"

from_build="$(cd "$work/elsewhere" && "$build/esep" results kz-majilis-2023 2>&1)" ||
  fail "the build tree's esep results kz-majilis-2023 (bare id, from elsewhere) failed: $from_build"
# The build tree's share/esep is a link to the source tree's data/; esep cites the files by their
# real path, the ones a reader can open and edit.
expect_read "$from_build" "$(cd "$source/data/elections/kz-majilis-2023" && pwd -P)"
[ "$(normalize "$from_build")" = "$(normalize "$expected")" ] ||
  fail "the build tree's esep finds different bundled data"

mkdir -p "$work/lone"
cp "$build/esep" "$work/lone/esep"
if (cd "$work/elsewhere" && env -u ESEP_DATA_DIR "$work/lone/esep" results kz-majilis-2023 \
  > /dev/null 2>&1); then
  fail "a lone copy of the binary found the bundled data: a path is compiled in"
fi
overridden="$(cd "$work/elsewhere" &&
  ESEP_DATA_DIR="$work/prefix/share/esep" "$work/lone/esep" results kz-majilis-2023 2>&1)" ||
  fail "ESEP_DATA_DIR=PREFIX/share/esep esep results kz-majilis-2023 failed: $overridden"
expect_read "$overridden" "$work/prefix/share/esep/elections/kz-majilis-2023"
[ "$(normalize "$overridden")" = "$(normalize "$expected")" ] ||
  fail "ESEP_DATA_DIR gives a different result"

DESTDIR="$work/stage" "$cmake" --install "$build" --prefix /opt/esep > "$work/stage.log" 2>&1 ||
  fail "DESTDIR install failed: $(cat "$work/stage.log")"
[ -x "$work/stage/opt/esep/bin/esep" ] || fail "DESTDIR is not honoured: no DESTDIR/opt/esep/bin/esep"
[ -e "$work/stage/opt/esep/share/esep/elections/kz-majilis-2023/election.json" ] ||
  fail "DESTDIR is not honoured for the data"

if [ "$failures" -ne 0 ]; then
  echo "install_test: $failures failure(s)" >&2
  exit 1
fi
echo "install_test: installed esep finds its data from any directory; nothing is compiled in"
