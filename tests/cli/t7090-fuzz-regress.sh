#!/bin/sh
# t7090-fuzz-regress.sh — every input that ever crashed, hung or blew up a
# loader (tests/fuzz/regress/NAME/*), replayed through mlfit as a user
# would run it (the "replay" line of tests/fuzz/NAME.spec; @FILE@ is the
# input's path, @TEXT@ its contents as one argument).
#
# Each must end within a generous time with a documented status (0 to 3),
# and a failure must be one "mlfit: " line.  In the sanitizer build
# (distcheck) a sanitizer report exits 86, which fails here too; elsewhere
# memory is capped with ulimit -v so that nothing grows without bound.
. "${srcdir:-.}/tests/cli/lib.sh"

: "${FUZZ_TARGETS:=units catalog model_xml onnx workloads records}"
command -v timeout >/dev/null 2>&1 || { echo "no timeout(1): skipped"; exit 77; }
if ! grep -q __asan_init "$MLFIT" 2>/dev/null; then
	ulimit -v 2097152 2>/dev/null || :	# 2 GiB
fi

replayed=0
for name in $FUZZ_TARGETS; do
	spec="$srcdir/tests/fuzz/$name.spec"
	args=$(sed -n 's/^replay //p' "$spec")
	[ -n "$args" ] || { fail "$spec: no replay line"; continue; }
	for input in "$srcdir/tests/fuzz/regress/$name"/*; do
		[ -f "$input" ] || continue
		text=$(cat "$input")
		# shellcheck disable=SC2086
		set -- $args
		for a; do
			shift
			case "$a" in
			@FILE@) set -- "$@" "$input" ;;
			@TEXT@) set -- "$@" "$text" ;;
			*) set -- "$@" "$a" ;;
			esac
		done
		timeout 120 "$MLFIT" "$@" >"$WORK/out" 2>"$WORK/err"
		status=$?
		err=$(cat "$WORK/err")
		count=$((count + 1))
		replayed=$((replayed + 1))
		what="$name/$(basename "$input")"
		case "$status" in
		0|1|2|3) ;;
		124) fail "$what: still running after 120 s"; continue ;;
		*) fail "$what: exit status $status: $(printf '%s' "$err" | head -5)"; continue ;;
		esac
		if printf '%s' "$err" | grep -Eq 'Sanitizer|runtime error|Assertion'; then
			fail "$what: $(printf '%s' "$err" | head -5)"
		elif [ "$status" -ne 0 ]; then
			expect_one_line_error "$what"
		fi
	done
done
[ "$replayed" -gt 0 ] || fail "no regression inputs found under $srcdir/tests/fuzz/regress"
finish
