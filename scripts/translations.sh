#!/usr/bin/env bash
# The one Babel workflow for UI strings and survey text (babel.cfg lists the sources).
#
#   scripts/translations.sh extract          rebuild translations/messages.pot from the sources
#   scripts/translations.sh update           extract, then merge the template into every catalogue
#   scripts/translations.sh init LOCALE      start a catalogue for a new language
#   scripts/translations.sh compile          build the .mo files the app reads (never from fuzzy)
#   scripts/translations.sh status           how much of each catalogue is translated
#   scripts/translations.sh check            the catalogue tests CI runs
#
# Run from anywhere; it uses the project's virtualenv (.venv) unless PYBABEL/PYTHON are set.
set -euo pipefail
cd "$(dirname "$0")/.."

PYBABEL=${PYBABEL:-.venv/bin/pybabel}
PYTHON=${PYTHON:-.venv/bin/python}
DIR=translations
# POT may be pointed elsewhere, e.g. by the test that checks the committed template is not stale.
POT=${POT:-$DIR/messages.pot}
# The note every machine-assisted catalogue carries until a native speaker has reviewed it.
REVIEW_NOTE="Machine-assisted translation, needs review by a native speaker. A council may replace it."

extract() {
  # File-only locations (no line numbers) keep diffs small; CI compares message ids, not order.
  "$PYBABEL" -q extract -F babel.cfg --add-location=file --sort-by-file -c TRANSLATORS: \
    --project="SEND Feedback" --copyright-holder="SEND Feedback contributors" \
    --msgid-bugs-address="https://github.com/" -o "$POT" .
}

update() {
  extract
  # No fuzzy matching: a guessed translation of a changed sentence is worse than none.
  "$PYBABEL" -q update -i "$POT" -d "$DIR" --no-fuzzy-matching --ignore-obsolete \
    --ignore-pot-creation-date
}

init() {
  local locale=${1:?give the locale, e.g. pl}
  "$PYBABEL" -q init -i "$POT" -d "$DIR" -l "$locale"
  local po="$DIR/$locale/LC_MESSAGES/messages.po"
  { printf '# %s\n' "$REVIEW_NOTE"; cat "$po"; } >"$po.new" && mv "$po.new" "$po"
}

compile() {
  "$PYBABEL" -q compile -d "$DIR"
}

case "${1:-}" in
  extract) extract ;;
  update) update ;;
  init) init "${2:-}" ;;
  compile) compile ;;
  status) "$PYTHON" -m tests.feedback.catalogues ;;
  check) .venv/bin/pytest -q -p no:randomly tests/feedback/test_translations.py ;;
  *)
    sed -n '2,10p' "$0"
    exit 2
    ;;
esac
