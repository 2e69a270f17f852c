#!/bin/sh
# datachat-ci.sh: the datachat steps of any CI system, in plain POSIX sh.
#
#   datachat-ci.sh check        validate the committed DataPoints and compare them with the live
#                               databases; fails on errors, and on warnings too (--strict by default)
#   datachat-ci.sh regenerate   profile the databases, regenerate DataPoints straight into datapoints/
#                               (auto-approved), check the result, and list the files that changed;
#                               committing them (or opening a pull request) is left to the CI job
#
# Environment (all optional):
#   DATACHAT_BIN            how to run datachat (default: "npx --no-install datachat", the project's own
#                           copy; never downloads a package). Split on spaces, e.g. "node ./bin/datachat.js".
#   DATACHAT_DIR            project folder (default: the current folder)
#   DATACHAT_CONNECTIONS    space-separated connections to regenerate (default: the default connection)
#   DATACHAT_CHECK_ARGS     arguments of `check` (default: --strict)
#   DATACHAT_GENERATE_ARGS  extra arguments of `generate`, e.g. --offline
#
# Exit status: datachat's own, passed through (0 ok; 1 check found problems or a command failed;
# 2 usage or configuration error; 3 project not initialized); 64 when this script is called wrongly.
set -eu

DATACHAT_BIN=${DATACHAT_BIN:-npx --no-install datachat}
DATACHAT_DIR=${DATACHAT_DIR:-.}
DATACHAT_CONNECTIONS=${DATACHAT_CONNECTIONS:-}
DATACHAT_CHECK_ARGS=${DATACHAT_CHECK_ARGS:---strict}
DATACHAT_GENERATE_ARGS=${DATACHAT_GENERATE_ARGS:-}

say() { printf '%s\n' "datachat-ci: $*" >&2; }

usage() {
  say "usage: $0 check|regenerate   (see the comments at the top of this script)"
  exit 64
}

# Runs one datachat command; on failure, says which and exits with its status.
datachat() {
  say "running: $DATACHAT_BIN $* --dir $DATACHAT_DIR"
  status=0
  # shellcheck disable=SC2086 # DATACHAT_BIN is a command line on purpose.
  $DATACHAT_BIN "$@" --dir "$DATACHAT_DIR" || status=$?
  if [ "$status" -ne 0 ]; then
    say "'datachat $1' failed with exit status $status"
    exit "$status"
  fi
}

# A checksum per DataPoint file, to report what regeneration changed without needing git.
fingerprint() {
  if [ -d "$DATACHAT_DIR/datapoints" ]; then
    (cd "$DATACHAT_DIR" && find datapoints -type f \( -name '*.yaml' -o -name '*.yml' \) -exec cksum {} + | sort -k 3)
  fi
}

[ $# -eq 1 ] || usage
case "$1" in
  check)
    # shellcheck disable=SC2086 # several arguments on purpose.
    datachat check $DATACHAT_CHECK_ARGS
    say "check passed"
    ;;
  regenerate)
    before=$(mktemp)
    after=$(mktemp)
    trap 'rm -f "$before" "$after"' EXIT
    fingerprint >"$before"
    if [ -z "$DATACHAT_CONNECTIONS" ]; then
      datachat profile
      # shellcheck disable=SC2086
      datachat generate --yes --auto-approve $DATACHAT_GENERATE_ARGS
    else
      for connection in $DATACHAT_CONNECTIONS; do
        datachat profile "$connection"
        # shellcheck disable=SC2086
        datachat generate "$connection" --yes --auto-approve $DATACHAT_GENERATE_ARGS
      done
    fi
    # Regenerated DataPoints must pass too; warnings (e.g. new tables) are for the reviewer.
    datachat check
    fingerprint >"$after"
    if cmp -s "$before" "$after"; then
      say "no DataPoint changed"
    else
      say "DataPoints changed (commit them or open a pull request):"
      # Paths that were added, removed or whose content changed.
      diff "$before" "$after" | sed -n 's/^[<>] [0-9]* [0-9]* /  /p' | sort -u >&2
    fi
    ;;
  *)
    usage
    ;;
esac
