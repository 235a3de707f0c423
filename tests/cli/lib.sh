# lib.sh — what the CLI tests share (sourced by tests/cli/t*.sh).
#
# Each test runs mlfit as a user would, in a clean environment: C locale,
# UTC, no user overlays (XDG_DATA_HOME points at an empty directory), and
# compares what it prints.  A test script exits 0 on success, 1 on failure,
# 77 to be skipped (automake's convention).

set -u
: "${MLFIT:?MLFIT must name the mlfit binary}"
: "${srcdir:=.}"
export LC_ALL=C TZ=UTC
unset MLFIT_DATADIR
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlfit-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_DATA_HOME="$WORK/xdg" HOME="$WORK/home"
FIXTURES="$srcdir/tests/fixtures"
failures=0
count=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# run CMD...: runs mlfit with arguments; sets $status, $out (stdout), $err (stderr).
run() {
	"$MLFIT" "$@" >"$WORK/out" 2>"$WORK/err"
	status=$?
	out=$(cat "$WORK/out")
	err=$(cat "$WORK/err")
	count=$((count + 1))
}

# expect_status N DESCRIPTION
expect_status() {
	if [ "$status" -ne "$1" ]; then
		fail "$2: exit status $status, expected $1 (stderr: $err)"
		return 1
	fi
	return 0
}

# expect_ok DESCRIPTION: status 0 and nothing on stderr
expect_ok() {
	expect_status 0 "$1" || return 1
	if [ -n "$err" ]; then
		fail "$1: unexpected stderr: $err"
		return 1
	fi
}

# expect_err_match REGEX DESCRIPTION: stderr matches the extended regex
expect_err_match() {
	if ! printf '%s\n' "$err" | grep -Eq -- "$1"; then
		fail "$2: stderr does not match /$1/: $err"
		return 1
	fi
}

# expect_out_match REGEX DESCRIPTION
expect_out_match() {
	if ! printf '%s\n' "$out" | grep -Eq -- "$1"; then
		fail "$2: stdout does not match /$1/: $(printf '%s' "$out" | head -20)"
		return 1
	fi
}

# expect_one_line_error DESCRIPTION: exactly one line on stderr, starting "mlfit: "
expect_one_line_error() {
	if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [ "${err#mlfit: }" = "$err" ]; then
		fail "$1: expected one 'mlfit: ' line on stderr, got: $err"
		return 1
	fi
}

# json_get EXPR: evaluates a Python expression on the parsed JSON stdout as `j`
json_get() {
	printf '%s' "$out" | python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"
}

# close_to A B REL: true if |A-B| <= REL*max(|A|,|B|)
close_to() {
	python3 -c "import sys; a,b,r=float('$1'),float('$2'),float('$3'); sys.exit(0 if abs(a-b)<=r*max(abs(a),abs(b)) else 1)"
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures of $count checks failed" >&2
		exit 1
	fi
	echo "$count checks passed"
	exit 0
}
