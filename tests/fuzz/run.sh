#!/bin/sh
# run.sh — what `make fuzz` runs (mk/fuzz.am passes the build's settings in
# the environment): compiles the library with clang and libFuzzer's
# instrumentation into fuzz-build/, links one target per reader, gathers
# its seeds and dictionary from tests/fuzz/NAME.spec, and runs each target
# for FUZZ_TIME seconds under nice, one after another (the machine is
# shared).  Crashes, hangs, leaks and OOMs land in fuzz-build/artifacts/NAME/;
# copy each into tests/fuzz/regress/NAME/ with the fix that it proved.
set -eu
: "${FUZZ_CC:?}" "${FUZZ_TARGETS:?}" "${srcdir:=.}"
: "${FUZZ_TIME:=600}" "${FUZZ_RSS_MB:=2048}" "${PYTHON:=}"
OUT=fuzz-build
mkdir -p "$OUT/obj"
# the targets find the schemas and shipped data in the source tree
FUZZ_CPPFLAGS="$FUZZ_CPPFLAGS -DMLFIT_SRCDIR=\"${FUZZ_SRCDIR:-$(cd "$srcdir" && pwd)}\""

# ---- the instrumented library ----
objs=""
for src in $FUZZ_SOURCES; do
	case "$src" in src/onnx.pb-c.c) path=$src ;; *) path=$srcdir/$src ;; esac
	obj=$OUT/obj/$(basename "$src" .c).o
	if [ ! -f "$obj" ] || [ "$path" -nt "$obj" ]; then
		echo "  FUZZCC   $src"
		# shellcheck disable=SC2086
		$FUZZ_CC $FUZZ_CFLAGS $FUZZ_CPPFLAGS -c "$path" -o "$obj"
	fi
	objs="$objs $obj"
done

# ---- seeds and dictionaries, per NAME.spec ----
seed_target() {
	name=$1 corpus=$OUT/corpus/$1 dict=$OUT/$1.dict
	mkdir -p "$corpus"
	: >"$dict"
	while read -r kind rest; do
		case "$kind" in
		seeds)
			for f in $srcdir/$rest; do [ -f "$f" ] && cp "$f" "$corpus/" || :; done ;;
		text)
			printf '%s' "$rest" >"$corpus/text-$(printf '%s' "$rest" | cksum | cut -d' ' -f1)" ;;
		zoo|onnxbad)
			[ -n "$PYTHON" ] || continue
			gen=$srcdir/tests/onnx/zoo.py
			[ "$kind" = onnxbad ] && gen=$srcdir/tests/onnx/bad.py
			[ -f "$corpus/$kind-$rest.onnx" ] || "$PYTHON" "$gen" "$rest" "$corpus/$kind-$rest.onnx" ||
				echo "fuzz: $name: could not generate the $kind '$rest' seed" ;;
		dict)
			cat "$srcdir/$rest" >>"$dict" ;;
		schema)
			$SHELL "$srcdir/tests/fuzz/rng-dict.sh" "$srcdir/$rest" >>"$dict" ;;
		esac
	done <"$srcdir/tests/fuzz/$name.spec"
	# every input that once broke a loader stays a seed
	for f in "$srcdir/tests/fuzz/regress/$name"/*; do [ -f "$f" ] && cp "$f" "$corpus/" || :; done
}

# ---- link and run ----
summary=$OUT/summary.txt
: >"$summary"
for name in $FUZZ_TARGETS; do
	echo "  FUZZLD   fuzz_$name"
	# shellcheck disable=SC2086
	$FUZZ_CC $FUZZ_CFLAGS -fsanitize=fuzzer $FUZZ_CPPFLAGS -I"$srcdir/tests/fuzz" \
		"$srcdir/tests/fuzz/fuzz_$name.c" $objs $FUZZ_LIBS -o "$OUT/fuzz_$name"
	seed_target "$name"
	mkdir -p "$OUT/artifacts/$name"
	dictopt=""
	[ -s "$OUT/$name.dict" ] && dictopt="-dict=$OUT/$name.dict"
	echo "== fuzz_$name for ${FUZZ_TIME}s (log: $OUT/$name.log)"
	status=0
	# shellcheck disable=SC2086
	nice -n 19 "$OUT/fuzz_$name" -max_total_time="$FUZZ_TIME" -rss_limit_mb="$FUZZ_RSS_MB" \
		-timeout=20 -max_len=1048576 -print_final_stats=1 $dictopt \
		-artifact_prefix="$OUT/artifacts/$name/" "$OUT/corpus/$name" >"$OUT/$name.log" 2>&1 ||
		status=$?
	last=$(grep -E '^#[0-9]+' "$OUT/$name.log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$name.log")
	secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$OUT/$name.log")
	line="fuzz_$name: status $status; $execs runs, $secs exec/s; last: $last"
	echo "$line" | tee -a "$summary"
	[ "$status" -eq 0 ] || echo "   an input broke it: see $OUT/artifacts/$name/ and $OUT/$name.log"
done
echo "== summary in $summary"
