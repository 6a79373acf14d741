#!/bin/sh
# run.sh CRMRULES SRCDIR [CC LIBDIR CFLAGS [PYTHON]] - run what README.md and
# docs/*.md show, and compare it with what they say.
#
# The conventions (docs/README.md, "Pages whose examples run"):
#   ```yaml whose first line is "# example: PATH"  a rule file: written to
#       PATH, then `crmrules check --warnings-as-errors PATH` must pass and
#       `crmrules test PATH` must run at least one test, all passing (so an
#       example must have tests:).
#   ```yaml whose first line is "# file: PATH"     written to PATH only: a
#       deliberately wrong file, or one loaded beside others or included;
#       a transcript or an example of the same page must name it.
#   ```console                                     a transcript: each
#       "$ command" (a line ending in \ continues it) is run with sh, and
#       what it prints (stdout and stderr together, trailing blanks aside)
#       must be the lines under it, exactly.
#   ```c whose first line is "/* example: NAME.c */"  compiled with CC
#       (default cc) against the library in LIBDIR (default: CRMRULES's
#       directory) and run; it must exit 0. A later transcript may run it
#       again as ./NAME to show what it prints.
#   ```python whose first line is "# example: NAME.py"  run with PYTHON (the
#       Python binding's venv) and must exit 0. A later transcript may run
#       "python3 NAME.py" to show what it prints: transcripts find the venv's
#       python3 first. Without PYTHON (no binding built) both are skipped.
#   ```js whose first line is "// example: NAME.js"  run with node, the
#       Node binding being require('crmrules') (bindings/node, its module
#       at $CRMRULES_NODE_ADDON); it must exit 0. A later transcript may run
#       `node NAME.js`. Without CRMRULES_NODE_ADDON (no binding built) both
#       are skipped.
# A block written to a path the repository has must be that file, byte
# for byte. Each page runs in a scratch directory of its own holding copies
# of rules/ and examples/ and build/crmrules (this CRMRULES), in page order.
set -u
bin=$1 src=$2 cc=${3:-cc} libdir=${4:-$(dirname "$1")} cflags=${5:-} python=${6:-}
[ -n "$python" ] && PATH=$(dirname "$python"):$PATH && export PATH
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crmrules-docs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
nexamples=0 nfiles=0 ncommands=0 nprograms=0 npython=0 nskipped=0 njs=0 njsskipped=0

# The runnable blocks of a page, one pair of files per block in $2:
# NNN.meta ("kind<TAB>path<TAB>line") and NNN.body (the block's lines).
split_blocks() { # page outdir
  awk -v out="$2" '
    function emit(   kind, path, f, i) {
      kind = ""; path = ""
      if (lang == "yaml" && lines[1] ~ /^# example: /) { kind = "example"; path = substr(lines[1], 12) }
      else if (lang == "yaml" && lines[1] ~ /^# file: /) { kind = "file"; path = substr(lines[1], 9) }
      else if (lang == "console") kind = "console"
      else if (lang == "c" && lines[1] ~ /^\/\* example: .*\*\/$/) {
        kind = "c"; path = lines[1]; sub(/^\/\* example: /, "", path); sub(/ *\*\/$/, "", path)
      }
      else if (lang == "python" && lines[1] ~ /^# example: /) { kind = "python"; path = substr(lines[1], 12) }
      else if (lang == "js" && lines[1] ~ /^\/\/ example: [^ ]+\.js$/) { kind = "js"; path = substr(lines[1], 13) }
      if (kind == "") return
      n++
      f = sprintf("%s/%03d", out, n)
      printf "%s\t%s\t%d\n", kind, (path == "" ? "-" : path), start > (f ".meta")
      printf "" > (f ".body")
      for (i = 1; i <= nlines; i++) print lines[i] > (f ".body")
      close(f ".meta"); close(f ".body")
    }
    !inblock && /^ *```/ {
      match($0, /^ *```/); indent = RLENGTH - 3
      lang = substr($0, RLENGTH + 1); sub(/[ \t].*$/, "", lang)
      inblock = 1; start = NR; nlines = 0; split("", lines)
      next
    }
    inblock && /^ *```[ \t]*$/ { inblock = 0; emit(); next }
    inblock {
      t = $0; k = 0
      while (k < indent && substr(t, 1, 1) == " ") { t = substr(t, 2); k++ }
      lines[++nlines] = t
    }' "$1"
}

# A transcript's commands and outputs: $2/cNNN (the command) and $2/oNNN
# (the lines it must print), one pair per "$ " line.
split_console() { # body outdir
  awk -v out="$2" '
    function flush() { if (n) { close(out "/c" sprintf("%03d", n)); close(out "/o" sprintf("%03d", n)) } }
    cont { print > (out "/c" sprintf("%03d", n)); cont = /\\$/; next }
    /^\$ / {
      flush(); n++
      print substr($0, 3) > (out "/c" sprintf("%03d", n))
      printf "" > (out "/o" sprintf("%03d", n))
      cont = /\\$/; next
    }
    n { print > (out "/o" sprintf("%03d", n)) }' "$1"
}

trim() { sed 's/[ 	]*$//' "$1"; }

# Run one page in work directory $2; nonzero when anything differs.
run_page() { # page work
  page=$1 work=$2 status=0
  blocks=$work.blocks
  rm -rf "$work" "$blocks"
  mkdir -p "$work/build" "$blocks" || return 1
  cp -R "$src/rules" "$src/examples" "$work/" && ln -s "$bin" "$work/build/crmrules" || return 1
  # require('crmrules') is the Node binding of these sources
  mkdir -p "$work/node_modules" && ln -s "$src/bindings/node" "$work/node_modules/crmrules" || return 1
  split_blocks "$page" "$blocks"
  : > "$blocks/commands" ; : > "$blocks/files"
  for meta in "$blocks"/*.meta; do
    [ -f "$meta" ] || continue
    body=${meta%.meta}.body
    IFS='	' read -r kind path line < "$meta"
    where="${page#"$src"/}:$line"
    case $kind in
    example|file)
      mkdir -p "$work/$(dirname "$path")" && cp "$body" "$work/$path"
      if [ -f "$src/$path" ] && ! cmp -s "$body" "$src/$path"; then
        echo "FAIL $where: the block shows $path, but differs from the repository's:"
        diff -u "$src/$path" "$body" | sed 's/^/    /'
        status=1
      fi
      if [ "$kind" = file ]; then
        printf '%s\t%s\n' "$path" "$where" >> "$blocks/files"
        nfiles=$((nfiles + 1))
        continue
      fi
      nexamples=$((nexamples + 1))
      cat "$body" >> "$blocks/commands" # an example may include a file
      if ! grep -q '^tests:' "$body"; then
        echo "FAIL $where: example $path has no tests: section"
        status=1
      fi
      if ! out=$(cd "$work" && "$bin" check --warnings-as-errors "$path" 2>&1); then
        printf 'FAIL %s: crmrules check --warnings-as-errors %s\n%s\n' "$where" "$path" "$out"
        status=1
        continue
      fi
      out=$(cd "$work" && "$bin" test "$path" 2>&1); rc=$?
      last=$(printf '%s\n' "$out" | tail -1)
      case "$rc:$last" in
      "0:0 passed, 0 failed"|[!0]*) printf 'FAIL %s: crmrules test %s\n%s\n' "$where" "$path" "$out"; status=1 ;;
      "0:"*" passed, 0 failed") ;;
      *) printf 'FAIL %s: crmrules test %s\n%s\n' "$where" "$path" "$out"; status=1 ;;
      esac
      ;;
    console)
      steps=${meta%.meta}.steps
      mkdir -p "$steps"
      split_console "$body" "$steps"
      for cmd in "$steps"/c*; do
        [ -f "$cmd" ] || continue
        want=$steps/o${cmd##*/c}
        cat "$cmd" >> "$blocks/commands"
        if [ -z "$python" ] && grep -q '^python3 ' "$cmd"; then
          nskipped=$((nskipped + 1))
          continue
        fi
        if [ -z "${CRMRULES_NODE_ADDON:-}" ] && grep -q '^node ' "$cmd"; then
          njsskipped=$((njsskipped + 1))
          continue
        fi
        ncommands=$((ncommands + 1))
        (cd "$work" && sh "$cmd") > "$cmd.got" 2>&1
        trim "$cmd.got" > "$cmd.got.trim"
        trim "$want" > "$want.trim"
        if ! cmp -s "$want.trim" "$cmd.got.trim"; then
          echo "FAIL $where: \$ $(cat "$cmd")"
          diff -u "$want.trim" "$cmd.got.trim" | sed -e '1,2d' -e 's/^/    /'
          status=1
        fi
      done
      ;;
    c)
      nprograms=$((nprograms + 1))
      cp "$body" "$work/$path"
      cat "$body" >> "$blocks/commands" # a program may load a file
      # shellcheck disable=SC2086 # CFLAGS is a list of flags
      if ! out=$(cd "$work" && "$cc" -std=c11 -Wall -Wextra -Werror $cflags -I"$src/include" \
           -o "${path%.c}" "$path" -L"$libdir" -Wl,-rpath,"$libdir" -lcrmrules -pthread 2>&1); then
        printf 'FAIL %s: %s does not compile\n%s\n' "$where" "$path" "$out"
        status=1
        continue
      fi
      if ! out=$(cd "$work" && "./${path%.c}" 2>&1); then
        printf 'FAIL %s: %s exits with an error\n%s\n' "$where" "$path" "$out"
        status=1
      fi
      ;;
    python)
      cat "$body" >> "$blocks/commands" # a program may load a file
      if [ -z "$python" ]; then
        nskipped=$((nskipped + 1))
        continue
      fi
      npython=$((npython + 1))
      cp "$body" "$work/$path"
      if ! out=$(cd "$work" && "$python" "$path" 2>&1); then
        printf 'FAIL %s: %s exits with an error\n%s\n' "$where" "$path" "$out"
        status=1
      fi
      ;;
    js)
      cat "$body" >> "$blocks/commands" # a program may load a file
      if [ -z "${CRMRULES_NODE_ADDON:-}" ]; then
        njsskipped=$((njsskipped + 1))
        continue
      fi
      njs=$((njs + 1))
      cp "$body" "$work/$path"
      if ! out=$(cd "$work" && node "$path" 2>&1); then
        printf 'FAIL %s: %s exits with an error\n%s\n' "$where" "$path" "$out"
        status=1
      fi
      ;;
    esac
  done
  while IFS='	' read -r path where; do
    if ! grep -qF "$(basename "$path")" "$blocks/commands"; then
      echo "FAIL $where: $path is shown but no transcript or example of the page names it"
      status=1
    fi
  done < "$blocks/files"
  return $status
}

# The harness can fail: a page with a wrong expectation of each kind must.
selftest() {
  fence='```'
  cat > "$tmp/wrong-test.md" <<EOF
${fence}yaml
# example: wrong.yaml
facts: { n: int }
decisions:
  d:
    outputs: { v: int }
    rules: [ { id: r, then: n + 1 } ]
tests:
  - { decision: d, facts: { n: 1 }, expect: { v: 3 } }
$fence
EOF
  cat > "$tmp/wrong-output.md" <<EOF
${fence}yaml
# example: right.yaml
facts: { n: int }
decisions:
  d:
    outputs: { v: int }
    rules: [ { id: r, then: n + 1 } ]
tests:
  - { decision: d, facts: { n: 1 }, expect: { v: 2 } }
$fence
${fence}console
\$ echo '{"n": 1}' | build/crmrules eval --rules right.yaml --decision d
{"v":3}
$fence
EOF
  cat > "$tmp/unused-file.md" <<EOF
${fence}yaml
# file: unused.yaml
facts: { n: int }
$fence
EOF
  cat > "$tmp/failing-program.md" <<EOF
${fence}c
/* example: fails.c */
int main(void) { return 1; }
$fence
EOF
  cat > "$tmp/failing-python.md" <<EOF
${fence}python
# example: fails.py
raise SystemExit(1)
$fence
EOF
  mistakes="wrong-test wrong-output unused-file failing-program"
  [ -n "$python" ] && mistakes="$mistakes failing-python"
  cat > "$tmp/failing-js.md" <<EOF
${fence}js
// example: fails.js
require('crmrules').load('no-such-file.yaml');
$fence
EOF
  [ -n "${CRMRULES_NODE_ADDON:-}" ] && mistakes="$mistakes failing-js"
  for mistake in $mistakes; do
    if run_page "$tmp/$mistake.md" "$tmp/self-$mistake" > /dev/null; then
      echo "FAIL self-test: a page with a mistake ($mistake) passed"
      return 1
    fi
  done
  nexamples=0 nfiles=0 ncommands=0 nprograms=0 npython=0 nskipped=0 njs=0 njsskipped=0
}

fail=0
selftest || fail=1
for page in "$src/README.md" "$src"/docs/*.md; do
  name=${page#"$src"/}
  run_page "$page" "$tmp/page-$(echo "${name%.md}" | tr / -)" || fail=1
done
# The README's tutorial must stay runnable: its rule file is an example,
# and a transcript shows step 5's error.
if ! grep -q '^example	examples/tutorial/tier.yaml	' "$tmp"/page-README.blocks/*.meta 2>/dev/null ||
   ! grep -q ': error: ' "$tmp"/page-README.blocks/*.steps/o* 2>/dev/null; then
  echo "FAIL README.md: the tutorial's rule file or its step 5 transcript is not marked to run"
  fail=1
fi
echo "docs: $nexamples examples, $nfiles files, $ncommands commands, $nprograms C programs," \
  "$npython Python programs, $njs JS programs"
[ $nskipped -eq 0 ] || echo "docs: $nskipped Python blocks and commands skipped (no Python binding built)"
[ $njsskipped -eq 0 ] || echo "docs: $njsskipped JS blocks and commands skipped (no Node binding built)"
[ $fail -eq 0 ] && echo "docs: all examples and transcripts agree"
exit $fail
