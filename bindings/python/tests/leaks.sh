#!/bin/sh
# leaks.sh BUILD [SRC] - the Python binding's test suite under valgrind
# memcheck (PYTHONMALLOC=malloc, the suite's loops shortened): no leak and
# no memory error in the module or the library linked into it. CPython's
# own reports (its start-up, tracemalloc) are counted and left out by
# valgrind_report.py, which reads valgrind's XML. Needs the venv of the
# ctest python_install (make check makes it). .ci/run runs this.
set -eu
build=$(cd "$1" && pwd)
src=${2:-$(cd "$(dirname "$0")/../../.." && pwd)}
py=$build/bindings/python/venv/bin/python
if [ ! -x "$py" ]; then
  echo "leaks.sh: no $py: run 'ctest -R python_install' in $build first" >&2
  exit 2
fi
xml=$build/bindings/python/valgrind.xml
cd "$src"
PYTHONMALLOC=malloc CRMRULES_TEST_QUICK=1 CRMRULES_LEAK_RUN=1 CRMRULES_ROOT=$src \
CRMRULES_CLI=$build/crmrules \
  valgrind --xml=yes --xml-file="$xml" --leak-check=full \
    --show-leak-kinds=definite,indirect --num-callers=40 \
    "$py" -m unittest discover -s "$src/bindings/python/tests" -t "$src/bindings/python/tests"
"$py" "$src/bindings/python/tests/valgrind_report.py" "$xml"
