#!/bin/sh
# check-dist.sh — every shipped data file is installed and distributed.
#
# The catalog and data files are listed by name in Makefile.am (automake
# has no wildcards); a file added to catalog/ or data/ but not listed would
# work in the source tree and vanish from the tarball and the install.
: "${srcdir:=.}"
bad=0
for f in "$srcdir"/catalog/*.xml "$srcdir"/catalog/*.rng "$srcdir"/data/*.xml \
	"$srcdir"/data/*.rng "$srcdir"/data/models/*.xml "$srcdir"/data/models/*.rng \
	"$srcdir"/data/examples/*.xml; do
	[ -f "$f" ] || continue
	rel=${f#"$srcdir"/}
	if ! cat "$srcdir"/Makefile.am "$srcdir"/mk/*.am | grep -q "^[[:space:]]*$rel\([[:space:]]\|\\\\\|$\)"; then
		echo "$rel is not listed in Makefile.am or mk/*.am"
		bad=1
	fi
done
[ $bad -eq 0 ] && echo "every data file is listed"
exit $bad
