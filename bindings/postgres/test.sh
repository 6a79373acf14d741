#!/bin/sh
# test.sh BUILD_DIR - build the PostgreSQL extension with PGXS against
# BUILD_DIR's libcrmrules.a, install it into the server's directories,
# start a throwaway server (server.sh: initdb in a temporary directory, a
# unix socket there and no TCP), run the pg_regress suite, stop the server
# and clean up. Exit 77 (skipped) only when the PostgreSQL server packages
# are absent.
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")" && pwd)

pg_config=${PG_CONFIG:-pg_config}
if ! command -v "$pg_config" >/dev/null 2>&1 || [ ! -f "$("$pg_config" --pgxs 2>/dev/null)" ] ||
   [ ! -x "$("$pg_config" --bindir)/initdb" ] || [ ! -x "$("$pg_config" --bindir)/postgres" ]; then
  echo "skipped: no PostgreSQL server and server headers (Debian: postgresql-15 postgresql-server-dev-15)"
  exit 77
fi
bindir=$("$pg_config" --bindir)

# Build out of the source tree, then install (the server's directories
# belong to root: as another user, through sudo when it asks no password).
obj=$build/postgres
mkdir -p "$obj"
make -s -C "$obj" -f "$src/Makefile" CRM_BUILD="$build" PG_CONFIG="$pg_config"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo -n"; fi
$sudo make -s -C "$obj" -f "$src/Makefile" CRM_BUILD="$build" PG_CONFIG="$pg_config" install

. "$src/server.sh"
trap pg_server_stop EXIT
trap 'exit 1' INT TERM
pg_server_start

status=0
make -s -C "$obj" -f "$src/Makefile" CRM_BUILD="$build" PG_CONFIG="$pg_config" installcheck ||
  status=$?
if [ $status -ne 0 ]; then
  [ -f "$obj/regression.diffs" ] && head -200 "$obj/regression.diffs"
  tail -50 "$pg_server_dir/server.log"
fi
# No backend may have crashed, whatever the outputs.
if grep -E "terminated by signal|server process .* was terminated" "$pg_server_dir/server.log"; then
  echo "a backend crashed"
  status=1
fi
exit $status
