#!/usr/bin/env bash
# bench/mail.sh [CORPUS_DIR] [options]
# `docflow mail inspect --json` over every message of a mail corpus (default
# ../shared/mail: files/** and truth.jsonl, see its README), one process per
# file with a time limit, scored by bench/mail_bench.py: messages parsed,
# errors, crashes and timeouts (must be 0), attachment count agreement,
# file-name precision/recall (complete:true messages and all), size and
# content-type agreement, the worst disagreements.
#   bench/mail.sh                        # default rules (no inline images)
#   bench/mail.sh --inline-images        # images shown inside HTML bodies too
#   bench/mail.sh --by-source --worst 40 --jsonl /tmp/mail.jsonl
# Options (see bench/mail_bench.py): --timeout S --worst N --by-source
#   --jsonl OUT --inline-images. DOCFLOW_BIN overrides build/docflow.
# Exit status 1 when any message crashed or timed out.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/mail
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then corpus=$1; shift; fi
exec python3 bench/mail_bench.py "$corpus" "$@"
