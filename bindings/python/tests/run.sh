#!/bin/sh
# run.sh install|test BUILD SRC PYTHON - the Python binding's tests as
# `make check` runs them (the ctest tests python_install and python_tests).
#   install  a venv in BUILD/bindings/python/venv made by PYTHON (its site
#            packages visible: pip is borrowed from them), and the binding
#            pip-installed into it, offline, from BUILD's module
#   test     the unittest suite with that venv's python (-v with VERBOSE=1)
set -eu
step=$1 build=$2 src=$3 python=$4
venv=$build/bindings/python/venv
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INDEX=1
case $step in
install)
  # a venv of another interpreter (the build was configured again) is remade
  if [ "$(cat "$venv/.crmrules-python" 2>/dev/null)" != "$python" ]; then
    rm -rf "$venv"
    "$python" -m venv --system-site-packages --without-pip "$venv"
    # no pip to borrow: the venv gets its own (ensurepip, offline)
    "$venv/bin/python" -m pip --version > /dev/null 2>&1 ||
      { rm -rf "$venv" && "$python" -m venv --system-site-packages "$venv"; }
    printf '%s\n' "$python" > "$venv/.crmrules-python"
  fi
  CRMRULES_BUILD_DIR=$build "$venv/bin/python" -m pip install --quiet --no-build-isolation \
    --force-reinstall --no-deps "$src/bindings/python"
  cd "$build" && "$venv/bin/python" -c 'import crmrules; print("crmrules", crmrules.__version__, "in", crmrules.__file__)'
  ;;
test)
  cd "$src"
  CRMRULES_ROOT=$src CRMRULES_CLI=$build/crmrules "$venv/bin/python" -m unittest discover \
    -s "$src/bindings/python/tests" -t "$src/bindings/python/tests" ${VERBOSE:+-v}
  ;;
*)
  echo "usage: run.sh install|test BUILD SRC PYTHON" >&2
  exit 2
  ;;
esac
