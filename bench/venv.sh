# Sourced by the bench scripts: the Python peers live in one venv, bench/.venv, made by them.
# `bench_venv MODULES PACKAGE...` makes it when missing and installs the packages unless Python
# can already import MODULES (comma-separated).
venv=bench/.venv
bench_venv() {
  local modules=$1
  shift
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c "import $modules" 2>/dev/null || "$venv/bin/pip" install -q "$@"
}
