#!/bin/sh
# check-layers.sh — keeps the layers of DESIGN.md §9 / STYLE.md §3.1.
#
# A file may include project headers of its own layer or below; siblings in
# layer 2 (catalog, model) do not include each other (measure may read the
# catalog: DESIGN.md §9); third-party headers
# stay in one place each.  Prints each violation as file:line: message.

: "${srcdir:=.}"
cd "$srcdir/src" || exit 1

layer_of() {
	case "$1" in
	xalloc|err|strbuf|arena|log|strutil|checked|digest|shipped) echo 0 ;;
	units|precision) echo 1 ;;
	xmlread) echo 2x ;;
	catalog|catalog_xml|grid) echo 2c ;;
	measure|measure_*|records) echo 2s ;;
	model|model_xml|model_onnx|model_zoo|onnx.pb-c) echo 2m ;;
	estimate|estimate_*) echo 3 ;;
	optimize|optimize_*|candidates|pareto|calibrate) echo 4 ;;
	*) echo 5 ;;
	esac
}

rank() {
	case "$1" in 2x|2c|2m|2s) echo 2 ;; *) echo "$1" ;; esac
}

bad=0
complain() {
	echo "src/$1: $2"
	bad=1
}

for f in *.c *.h; do
	[ -f "$f" ] || continue
	base=${f%.*}
	me=$(layer_of "$base")
	grep -n '^#include' "$f" | while IFS= read -r line; do
		num=${line%%:*}
		inc=${line#*:}
		case "$inc" in
		*'<libxml/'*)
			case "$base" in xmlread|*_xml) ;; *) echo "src/$f:$num: libxml2 outside the XML loaders" ;; esac ;;
		*'<glpk.h>'*)
			case "$base" in optimize_glpk) ;; *) echo "src/$f:$num: glpk.h outside optimize_glpk.c" ;; esac ;;
		*'curses.h>'*)
			case "$base" in tui_view) ;; *) echo "src/$f:$num: curses outside tui_view.c" ;; esac ;;
		*'protobuf-c'*|*'onnx.pb-c.h'*)
			case "$base" in model_onnx|onnx.pb-c) ;; *) echo "src/$f:$num: protobuf-c outside model_onnx.c" ;; esac ;;
		*'<jansson.h>'*)
			[ "$(rank "$me")" = 5 ] || echo "src/$f:$num: jansson below the front ends" ;;
		*'"'*'.h"'*)
			hdr=$(printf '%s' "$inc" | sed 's/.*"\(.*\)\.h".*/\1/')
			[ "$hdr" = config ] && continue
			[ "$hdr" = "$base" ] && continue
			them=$(layer_of "$hdr")
			if [ "$hdr" = xmlread ]; then
				case "$base" in xmlread|*_xml) ;; *) echo "src/$f:$num: xmlread.h outside the XML loaders" ;; esac
				continue
			fi
			if [ "$(rank "$them")" -gt "$(rank "$me")" ]; then
				echo "src/$f:$num: layer $(rank "$me") includes $hdr.h from layer $(rank "$them")"
			elif [ "$(rank "$me")" = 2 ] && [ "$(rank "$them")" = 2 ] && [ "$me" != "$them" ] && [ "$them" != 2x ] &&
				! { [ "$me" = 2s ] && [ "$them" = 2c ]; }; then
				# measure sits beside the catalog and reads it to name devices
				echo "src/$f:$num: layer-2 sibling includes $hdr.h"
			fi ;;
		esac
	done
done >"${TMPDIR:-/tmp}/check-layers.$$"

if [ -s "${TMPDIR:-/tmp}/check-layers.$$" ]; then
	cat "${TMPDIR:-/tmp}/check-layers.$$"
	rm -f "${TMPDIR:-/tmp}/check-layers.$$"
	exit 1
fi
rm -f "${TMPDIR:-/tmp}/check-layers.$$"
echo "layers ok"
exit 0
