# server.sh - sourced by test.sh and bench.sh: a throwaway PostgreSQL
# server in a temporary directory (initdb, a unix socket there, no TCP).
#   pg_server_start [postgres -c options...]  sets PGHOST, PGPORT, PGUSER
#   pg_server_stop                            stops it, removes the directory
# PostgreSQL refuses to run as root: as root, the server runs as the user
# postgres (the Debian package's), or crmrules_pg, created when missing.
# Needs $bindir (pg_config --bindir).

pg_server_dir=""
pg_server_started=0

pg_as_server() { "$@"; }

pg_server_start() {
  pg_server_dir=$(mktemp -d "${TMPDIR:-/tmp}/crmrules-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    pg_server_user=postgres
    if ! id "$pg_server_user" >/dev/null 2>&1; then
      pg_server_user=crmrules_pg
      id "$pg_server_user" >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_server_user"
    fi
    chown "$pg_server_user" "$pg_server_dir"
    pg_as_server() { runuser -u "$pg_server_user" -- "$@"; }
  fi
  pg_as_server "$bindir/initdb" -D "$pg_server_dir/data" -U regress --auth=trust --no-sync \
    -E UTF8 --locale=C >"$pg_server_dir/initdb.log" 2>&1 || { cat "$pg_server_dir/initdb.log"; return 1; }
  # The socket file in the private directory is the only thing the port
  # names (no TCP), so no other server can clash; one without a socket
  # in the usual places is picked all the same.
  PGPORT=$((54320 + $$ % 1000))
  while [ -e "/tmp/.s.PGSQL.$PGPORT" ] || [ -e "/var/run/postgresql/.s.PGSQL.$PGPORT" ]; do
    PGPORT=$((PGPORT + 1))
  done
  opts="-c listen_addresses='' -k $pg_server_dir -p $PGPORT -c fsync=off"
  for o in "$@"; do opts="$opts -c $o"; done
  pg_as_server "$bindir/pg_ctl" -D "$pg_server_dir/data" -l "$pg_server_dir/server.log" -w -t 60 \
    -o "$opts" start >/dev/null || { cat "$pg_server_dir/server.log"; return 1; }
  pg_server_started=1
  PGHOST=$pg_server_dir PGUSER=regress
  export PGHOST PGPORT PGUSER
}

pg_server_stop() {
  if [ "$pg_server_started" -eq 1 ]; then
    pg_as_server "$bindir/pg_ctl" -D "$pg_server_dir/data" -m fast stop >/dev/null 2>&1 || true
    pg_server_started=0
  fi
  [ -n "$pg_server_dir" ] && rm -rf "$pg_server_dir"
  pg_server_dir=""
}
