#!/usr/bin/env bash
# Builds mediasoup's C++ worker (mediasoup-worker) offline, from Debian's
# libraries, into <mediasoup>/worker/out/Release/mediasoup-worker, where
# mediasoup finds it unaided.
#
# Why: mediasoup's postinstall downloads a prebuilt worker from GitHub and
# otherwise builds one with pip-installed meson plus downloaded sources. Where
# only the npm registry and Debian's archive are reachable, both fail. Users
# with internet never need this script.
#
# How: mediasoup's worker/meson.build calls subproject() for each dependency.
# We put a small shim subproject (shims/<wrap name>/) in the directory each
# worker/subprojects/<wrap name>.wrap names, so meson treats it as already
# downloaded, and build with --wrap-mode=nodownload. The shims use Debian's
# libuv, OpenSSL, abseil, flatbuffers and libsrtp2 (under a libsrtp 3 API
# layer) and map unordered_dense onto std. One mediasoup bug that only bites
# with Debian's OpenSSL is patched (patch_ktls). The result is cached per
# mediasoup version + shims.
#
# Usage: build.sh [MEDIASOUP_PKG_DIR]   (default: <repo root>/node_modules/mediasoup)
# Env:   WE_MEETING_CACHE_DIR   cache root (default ~/.cache/we-meeting)
#        MEDIASOUP_WORKER_JOBS  parallel compile jobs (default: nproc)
set -euo pipefail

# Shim directory names = the mediasoup .wrap files they stand in for.
SHIMS=(libuv openssl libsrtp3 unordered-dense flatbuffers abseil-cpp)
DEB_PACKAGES=(g++ pkg-config ninja-build flatbuffers-compiler libuv1-dev libssl-dev
  libabsl-dev libsrtp2-dev libflatbuffers-dev)
MESON_MIN=1.1.0

log() { printf '[mediasoup-worker] %s\n' "$*"; }
die() { printf '[mediasoup-worker] ERROR: %s\n' "$*" >&2; exit 1; }

# Does the binary start on this host? Without MEDIASOUP_VERSION a worker exits
# 41 (mediasoup's own check of prebuilt binaries); a missing shared library or
# a foreign binary gives another code.
worker_runs() {
  local rc=0
  env -i "$1" >/dev/null 2>&1 </dev/null || rc=$?
  [[ $rc -eq 41 ]]
}

already_built() {
  [[ -e $OUT_BIN ]] || return 1
  worker_runs "$OUT_BIN" && return 0
  log "existing $OUT_BIN does not run here, replacing it"
  rm -f "$OUT_BIN"
  return 1
}

# Copy a file into place atomically (temp file + rename).
install_bin() {
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2.tmp.$$"
  chmod 755 "$2.tmp.$$"
  mv -f "$2.tmp.$$" "$2"
}

version_ge() { [[ $(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1) == "$2" ]]; }
meson_ok() { command -v meson >/dev/null && version_ge "$(meson --version)" "$MESON_MIN"; }
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Debian packages, and meson >= 1.1 (bookworm: from bookworm-backports).
ensure_build_deps() {
  local missing=() p c
  if command -v dpkg-query >/dev/null; then
    for p in "${DEB_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  else
    for c in c++ pkg-config ninja flatc; do command -v "$c" >/dev/null || missing+=("$c"); done
  fi
  if ((${#missing[@]} == 0)) && meson_ok; then return; fi

  if [[ $(id -u) -ne 0 || ! -f /etc/debian_version ]] || ! command -v apt-get >/dev/null; then
    die "missing build tools:${missing[*]:+ ${missing[*]}}$(meson_ok || echo " meson>=$MESON_MIN"). As root on Debian this script installs them; otherwise install: ${DEB_PACKAGES[*]} meson>=$MESON_MIN"
  fi
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends)
  log "installing Debian packages:${missing[*]:+ ${missing[*]}}$(meson_ok || echo " meson>=$MESON_MIN")"
  "${apt[@]}" update >/dev/null
  if ((${#missing[@]})); then "${apt[@]}" install "${missing[@]}" >/dev/null; fi
  if ! meson_ok; then
    local candidate codename uri
    candidate=$(apt-cache policy meson | sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p')
    if [[ -n $candidate && $candidate != '(none)' ]] && version_ge "${candidate#*:}" "$MESON_MIN"; then
      "${apt[@]}" install meson >/dev/null
    else
      # shellcheck disable=SC1091
      codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
      [[ -n $codename ]] || die "meson >= $MESON_MIN unavailable and the Debian codename is unknown"
      if ! grep -rqs -- "$codename-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
          grep -v security | head -n1 || true)
        uri=${uri:-http://deb.debian.org/debian}
        log "adding apt source $codename-backports ($uri)"
        cat >"/etc/apt/sources.list.d/$codename-backports.sources" <<EOF
Types: deb
URIs: $uri
Suites: $codename-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
      fi
      "${apt[@]}" update >/dev/null
      "${apt[@]}" install -t "$codename-backports" meson >/dev/null
    fi
  fi
  meson_ok || die "meson >= $MESON_MIN still not available"
}

# Put each shim where mediasoup's .wrap file says its subproject lives.
place_shims() {
  local shim wrap dir
  for shim in "${SHIMS[@]}"; do
    wrap=$WORKER_DIR/subprojects/$shim.wrap
    [[ -f $wrap ]] || die "mediasoup $VERSION has no subprojects/$shim.wrap: the shims need updating"
    dir=$(sed -n 's/^directory[[:space:]]*=[[:space:]]*//p' "$wrap" | tr -d '[:space:]')
    [[ -n $dir && $dir != */* && $dir != .* ]] || die "no usable 'directory =' in $wrap"
    # Replace only when different: fresh mtimes on the shim headers would make
    # ninja recompile everything when re-run after an interrupted build.
    if ! diff -r "$SHIMS_DIR/$shim" "$WORKER_DIR/subprojects/$dir" >/dev/null 2>&1; then
      rm -rf "${WORKER_DIR:?}/subprojects/$dir"
      cp -R "$SHIMS_DIR/$shim" "$WORKER_DIR/subprojects/$dir"
    fi
  done
  log "shims in place under $WORKER_DIR/subprojects"
}

# kTLS patch. mediasoup's BIO callback onSslBioOut() in DtlsTransport.cpp tests
# `operationType == BIO_CB_RETURN`, which never matches (OpenSSL passes
# BIO_CB_RETURN|<op>), so it answers 1 to every BIO_ctrl, including
# BIO_CTRL_GET_KTLS_SEND/RECV. Debian's OpenSSL has kTLS compiled in, believes
# kTLS is active, never allocates its DTLS write buffer, and the worker
# SIGSEGVs on the first DTLS handshake (mediasoup's bundled OpenSSL has no
# kTLS). Testing the bit makes the callback pass OpenSSL's real answers through.
patch_ktls() {
  local f=$WORKER_DIR/src/RTC/DtlsTransport.cpp
  local old='(operationType == BIO_CB_RETURN)'
  local new='((operationType & BIO_CB_RETURN) != 0)'
  [[ -f $f ]] || die "kTLS patch: $f not found"
  if grep -qF "$new" "$f"; then
    log "kTLS patch already applied"
    return
  fi
  [[ $(grep -cF "$old" "$f") -eq 1 ]] ||
    die "kTLS patch does not apply to mediasoup $VERSION (expected exactly one '$old' in $f); review onSslBioOut()"
  sed -i 's/(operationType == BIO_CB_RETURN)/((operationType \& BIO_CB_RETURN) != 0)/' "$f"
  grep -qF "$new" "$f" || die "kTLS patch failed to apply to $f"
  log "kTLS patch applied to src/RTC/DtlsTransport.cpp"
}

compile_worker() {
  # Pin flatc to Debian's, whose version matches the flatbuffers headers.
  local flatc native setup_log ninja_log jobs ninja_pid step
  flatc=$(command -v flatc) || die "flatc not found (Debian package flatbuffers-compiler)"
  mkdir -p "$BUILD_DIR.files"
  native=$BUILD_DIR.files/native.ini
  printf "[binaries]\nflatc = '%s'\n" "$flatc" >"$native"

  SECONDS=0
  setup_log=$BUILD_DIR.files/setup.log
  local setup=(meson setup --wrap-mode=nodownload --buildtype=release -Db_ndebug=true --native-file "$native")
  if [[ -f $BUILD_DIR/build.ninja ]]; then
    setup+=(--reconfigure)
  else
    rm -rf "$BUILD_DIR"
  fi
  "${setup[@]}" "$BUILD_DIR" "$WORKER_DIR" >"$setup_log" 2>&1 ||
    { tail -n 30 "$setup_log" >&2; die "meson setup failed (log: $setup_log)"; }
  log "meson setup done in ${SECONDS}s ($BUILD_DIR)"

  jobs=${MEDIASOUP_WORKER_JOBS:-$(nproc 2>/dev/null || echo 2)}
  ninja_log=$BUILD_DIR.files/ninja.log
  log "compiling mediasoup-worker $VERSION with $jobs jobs (6-8 min on 2 cores; log: $ninja_log)"
  SECONDS=0
  ninja -C "$BUILD_DIR" -j "$jobs" mediasoup-worker >"$ninja_log" 2>&1 &
  ninja_pid=$!
  # shellcheck disable=SC2064 # expand the pid now
  trap "kill $ninja_pid 2>/dev/null || true" EXIT INT TERM
  while kill -0 "$ninja_pid" 2>/dev/null; do
    for _ in $(seq 60); do kill -0 "$ninja_pid" 2>/dev/null && sleep 1; done
    if kill -0 "$ninja_pid" 2>/dev/null; then
      step=$(grep -o '^\[[0-9]*/[0-9]*\]' "$ninja_log" | tail -n1 || true)
      log "  ... ${SECONDS}s ${step:-starting}"
    fi
  done
  if ! wait "$ninja_pid"; then
    trap - EXIT INT TERM
    { grep -A 30 -m 1 '^FAILED:' "$ninja_log" || tail -n 30 "$ninja_log"; } >&2
    die "compile failed after ${SECONDS}s (full log: $ninja_log)"
  fi
  trap - EXIT INT TERM
  [[ -x $BUILD_DIR/mediasoup-worker ]] || die "ninja succeeded but $BUILD_DIR/mediasoup-worker is missing"
  worker_runs "$BUILD_DIR/mediasoup-worker" ||
    die "the built worker does not run (expected exit code 41 without MEDIASOUP_VERSION)"
  log "compiled in ${SECONDS}s"
}

# Everything runs from main(), which bash parses completely before running it:
# replacing this file while a build runs cannot break that build.
main() {
  local script_dir repo_root hash cache_bin
  script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  repo_root=$(cd "$script_dir/../.." && pwd)
  SHIMS_DIR=$script_dir/shims

  PKG_DIR=${1:-$repo_root/node_modules/mediasoup}
  [[ -f $PKG_DIR/package.json && -f $PKG_DIR/worker/meson.build ]] ||
    die "no mediasoup package with worker sources at $PKG_DIR"
  PKG_DIR=$(cd "$PKG_DIR" && pwd)
  WORKER_DIR=$PKG_DIR/worker
  OUT_BIN=$WORKER_DIR/out/Release/mediasoup-worker
  BUILD_DIR=$WORKER_DIR/out/offline-build

  # (a) Already there (prebuilt download or earlier build): nothing to do.
  if already_built; then
    log "worker present: $OUT_BIN"
    exit 0
  fi
  # One build at a time per package (e.g. parallel CI steps); re-check after waiting.
  mkdir -p "$WORKER_DIR/out"
  if command -v flock >/dev/null; then
    exec 9>"$WORKER_DIR/out/.offline-build.lock"
    flock 9
    if already_built; then
      log "worker present: $OUT_BIN"
      exit 0
    fi
  fi

  # (b) Cache, keyed by mediasoup version + this script + the shims (+ arch).
  VERSION=$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$PKG_DIR/package.json" | head -n1)
  [[ -n $VERSION ]] || die "cannot read the version from $PKG_DIR/package.json"
  hash=$(
    cd "$script_dir"
    {
      uname -m
      sha256sum build.sh
      find shims -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    } | sha256sum | cut -c1-16
  )
  cache_bin=${WE_MEETING_CACHE_DIR:-${HOME:-/tmp}/.cache/we-meeting}/mediasoup-worker/$VERSION-$hash/mediasoup-worker
  if [[ -f $cache_bin ]]; then
    # It links Debian's shared libraries: reuse it only if it still runs.
    if worker_runs "$cache_bin"; then
      install_bin "$cache_bin" "$OUT_BIN"
      log "worker $VERSION restored from cache $cache_bin"
      exit 0
    fi
    log "cached worker does not run on this host, rebuilding: $cache_bin"
  fi

  # (c) Build dependencies.
  ensure_build_deps

  # (d) Shims, patch, compile, install, cache.
  place_shims
  patch_ktls
  compile_worker
  install_bin "$BUILD_DIR/mediasoup-worker" "$OUT_BIN"
  log "installed $OUT_BIN ($(du -h "$OUT_BIN" | cut -f1))"
  if (install_bin "$BUILD_DIR/mediasoup-worker" "$cache_bin") 2>/dev/null; then
    log "cached at $cache_bin"
  else
    log "warning: could not write the cache at $cache_bin (continuing)"
  fi
}

main "$@"
exit
