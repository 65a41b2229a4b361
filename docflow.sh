#!/usr/bin/env bash
# docflow.sh: set up, build, run and test docflow on Debian 12.
#   ./docflow.sh demo   install what is missing, build, start the embedded
#                       database and the service, process samples/, print the records
#   ./docflow.sh test   the same set-up, then the whole ctest suite
#   ./docflow.sh stop   stop the service and the embedded database
# Environment: DOCFLOW_HOME (default ./var), DOCFLOW_DATABASE_URL (an external
# PostgreSQL instead of the embedded cluster), DOCFLOW_BUILD (default ./build).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export DOCFLOW_HOME=${DOCFLOW_HOME:-$ROOT/var}
BUILD=${DOCFLOW_BUILD:-$ROOT/build}
DOCFLOW=$BUILD/docflow

PACKAGES=(build-essential cmake pkg-config ca-certificates python3 python3-aiosmtpd
  libtesseract-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-osd
  libleptonica-dev libtiff-dev libopencv-dev libpoppler-cpp-dev poppler-utils
  libzmq3-dev cppzmq-dev libpqxx-dev postgresql-15 postgresql-client-15
  libgmime-3.0-dev libcurl4-openssl-dev libcpp-httplib-dev libssl-dev
  nlohmann-json3-dev libyaml-cpp-dev libphonenumber-dev libicu-dev libmagic-dev
  libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libqpdf-dev libpugixml-dev
  # tests: a throwaway IMAP server (pipeline/mail/imap_test_server.h) and its certificate
  dovecot-imapd openssl
  # PDFs that name a base-14 font without embedding it (Helvetica: the tests'
  # PDFs, the samples) are rendered with URW's metric clones, not with
  # whatever font fontconfig finds first (DejaVu Sans on a bare machine):
  # orientation and OCR tests read such renderings
  fonts-urw-base35)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

deps() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    say "all ${#PACKAGES[@]} Debian packages present"
    return
  fi
  say "installing ${#missing[@]} missing package(s): ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  say "building (Release) in $BUILD"
  local launcher=()
  # ccache, when present, makes rebuilds in several checkouts cheap; optional.
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
  cmake --build "$BUILD" -j"$(nproc)"
}

database() {
  if [ -n "${DOCFLOW_DATABASE_URL:-}" ]; then
    say "using the external database from DOCFLOW_DATABASE_URL"
  else
    say "starting the embedded PostgreSQL cluster in $DOCFLOW_HOME/pg"
    "$DOCFLOW" db start >/dev/null
  fi
  "$DOCFLOW" migrate
}

serve_pid() {
  local f=$DOCFLOW_HOME/run/serve.pid
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

start_service() {
  if pid=$(serve_pid); then
    say "service already running (pid $pid)"
    return
  fi
  mkdir -p "$DOCFLOW_HOME/logs"
  say "starting the service (logs in $DOCFLOW_HOME/logs)"
  nohup "$DOCFLOW" serve >>"$DOCFLOW_HOME/logs/serve.log" 2>&1 &
  for _ in $(seq 1 100); do
    serve_pid >/dev/null && return
    sleep 0.1
  done
  echo "docflow: the service did not start; see $DOCFLOW_HOME/logs/serve.log" >&2
  exit 1
}

inbox_files() { find "$1" -maxdepth 1 -type f ! -name '.*' | wc -l; }

demo() {
  deps
  build
  database
  start_service
  local inbox
  inbox=$("$DOCFLOW" config --get inbox.dir)
  mkdir -p "$inbox"
  # The samples are the documents listed in samples/truth.jsonl.
  local n=0 f
  while IFS= read -r f; do
    [ -f "samples/$f" ] || continue
    cp "samples/$f" "$inbox/.$f.part"
    mv "$inbox/.$f.part" "$inbox/$f"
    n=$((n + 1))
  done < <(sed -n 's/^{"file": *"\([^"]*\)".*/\1/p' samples/truth.jsonl)
  say "dropped $n sample(s) into $inbox; waiting until each is done or failed"
  local deadline=$((SECONDS + 900))
  while [ "$(inbox_files "$inbox")" -gt 0 ]; do
    if ((SECONDS > deadline)); then
      echo "docflow: timed out; still in the inbox:" >&2
      ls "$inbox" >&2
      exit 1
    fi
    sleep 0.5
  done
  "$DOCFLOW" status
  echo
  "$DOCFLOW" documents
  echo
  say "the service keeps running: drop files into $inbox, or run '$DOCFLOW ingest FILE --wait'; stop it with ./docflow.sh stop"
}

run_tests() {
  deps
  build
  database
  local url
  url=${DOCFLOW_DATABASE_URL:-$("$DOCFLOW" db url)}
  say "running the test suite against $(echo "$url" | sed -E 's#://([^:@/]*):[^@]*@#://\1:***@#')"
  cd "$BUILD"
  DOCFLOW_TEST_DATABASE_URL=$url ctest --output-on-failure -j"$(nproc)" --timeout 900
}

stop() {
  if pid=$(serve_pid); then
    say "stopping the service (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -z "${DOCFLOW_DATABASE_URL:-}" ] && [ -x "$DOCFLOW" ]; then
    "$DOCFLOW" db stop
  fi
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  stop) stop ;;
  deps) deps ;;
  build) deps && build ;;
  *)
    echo "usage: $0 demo|test|stop|deps|build" >&2
    exit 2
    ;;
esac
