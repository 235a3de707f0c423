# large.sh — what the large-input tests (t7000-t7039) share, sourced after lib.sh.
#
# Each loader must stay linear in time and memory for every input under the
# 16 MiB file limit: these tests feed each a generated file of tens of
# thousands of entries under `ulimit -v 1G` (not in the sanitizer build,
# whose shadow memory needs terabytes of address space) and a generous time
# limit.  The timings themselves are bench/loaders.sh's business.

LIMIT_KB=1048576
LIMIT_S=120

# run_limited ARGS...: runs mlfit like run(), within LIMIT_KB and LIMIT_S
run_limited() {
	(
		if ! grep -q __asan_init "$MLFIT" 2>/dev/null; then
			ulimit -v "$LIMIT_KB" || exit 99
		fi
		exec timeout "$LIMIT_S" "$MLFIT" "$@"
	) >"$WORK/out" 2>"$WORK/err"
	status=$?
	out=$(cat "$WORK/out")
	err=$(cat "$WORK/err")
	count=$((count + 1))
	[ "$status" -ne 124 ] || fail "$*: still running after $LIMIT_S s"
}
