#!/bin/sh
# run.sh BUILD DIR CC - install the build into a scratch prefix, then build
# and run a consumer against the installed tree with pkg-config and with
# find_package(crmrules).
set -eu
build=$1 dir=$2 cc=$3
prefix=$(mktemp -d "${TMPDIR:-/tmp}/crmrules-prefix.XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/crmrules-consumer.XXXXXX")
trap 'rm -rf "$prefix" "$work"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib*/pkgconfig | head -1); libdir=${libdir%/pkgconfig}

# 1. pkg-config, shared library
PKG_CONFIG_PATH="$libdir/pkgconfig" "$cc" -o "$work/consumer_pc" "$dir/consumer.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs crmrules)
LD_LIBRARY_PATH="$libdir" "$work/consumer_pc"

# 2. pkg-config, static library
PKG_CONFIG_PATH="$libdir/pkgconfig" "$cc" -o "$work/consumer_static" "$dir/consumer.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags crmrules) \
  "$libdir/libcrmrules.a" $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --libs --static crmrules | sed 's/-lcrmrules//')
"$work/consumer_static"

# 3. find_package(crmrules) -> crmrules::crmrules
cmake -S "$dir" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$work/cmake" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake/consumer"
echo "install_consumer: pkg-config (shared, static) and find_package consumers ran"
