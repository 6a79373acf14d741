#!/bin/sh
# check_exports.sh LIB HEADER LIST - the library exports exactly LIST, and
# LIST is exactly the CRM_API functions the header declares.
set -eu
lib=$1 header=$2 list=$3
tmp=${TMPDIR:-/tmp}/crm-exports.$$
trap 'rm -f "$tmp".*' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort > "$tmp.lib"
sed -n 's/^CRM_API [^(]*[ *]\(crm_[a-z_0-9]*\)(.*/\1/p' "$header" | sort > "$tmp.hdr"
sort "$list" > "$tmp.list"
status=0
if ! diff -u "$tmp.list" "$tmp.lib"; then
  echo "exported symbols differ from $list" >&2; status=1
fi
if ! diff -u "$tmp.list" "$tmp.hdr"; then
  echo "documented functions in the header differ from $list" >&2; status=1
fi
[ $status -eq 0 ] && echo "exports: $(wc -l < "$tmp.lib") symbols, as documented"
exit $status
