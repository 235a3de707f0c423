#!/bin/sh
# t7100-shipped-digests.sh — the shipped files are checked here, in make
# check, so that a run may skip the schema check of a file byte for byte as
# shipped (src/digest.h, doc/design.md "Loading the catalog").
#
# 1. Every shipped file passes its schema: in a copy of the data directory
#    whose schemas carry one extra comment, no file matches a recorded
#    digest, so mlfit checks each one at run time; the answers must be those
#    of the shipped tree.  (mlfit-digest records what make installs; this is
#    the promise behind each row.)
# 2. A copy with one file edited gets the same schema messages as ever, and
#    so does a shipped file read against an edited schema.
. "${srcdir:-.}/tests/cli/lib.sh"

SRC=$srcdir
# copy_data DIR: the catalog and data directories, as shipped
copy_data() {
	mkdir -p "$1" && cp -R "$SRC/catalog" "$SRC/data" "$1/" && chmod -R u+w "$1"
}

SHIPPED=$WORK/shipped
copy_data "$SHIPPED"
CHECKED=$WORK/checked
copy_data "$CHECKED"
for rng in "$CHECKED"/catalog/catalog.rng "$CHECKED"/data/models/model.rng \
	"$CHECKED"/data/workloads.rng; do
	echo '<!-- not as shipped: every file is checked against this -->' >>"$rng"
done

# same DESCRIPTION ARGS...: the same answer from both copies (whose paths may show)
same() {
	desc=$1
	shift
	MLFIT_DATADIR=$SHIPPED run "$@"
	printf '%s\n%s\nstatus %s\n' "$out" "$err" "$status" |
		sed "s|$SHIPPED|DATADIR|g" >"$WORK/shipped.txt"
	MLFIT_DATADIR=$CHECKED run "$@"
	printf '%s\n%s\nstatus %s\n' "$out" "$err" "$status" |
		sed "s|$CHECKED|DATADIR|g" >"$WORK/checked.txt"
	if ! cmp -s "$WORK/shipped.txt" "$WORK/checked.txt"; then
		fail "$desc: the answer differs when every file is schema-checked:" \
			"$(diff "$WORK/shipped.txt" "$WORK/checked.txt" | head -5)"
	fi
}

nfiles=$(ls "$SRC"/catalog/*.xml "$SRC"/data/*.xml | wc -l | tr -d ' ')
MLFIT_DATADIR=$CHECKED run catalog validate
expect_ok "catalog validate, schemas not as shipped" &&
	expect_out_match "^$nfiles files, .*: no problems\$" "catalog validate, schemas not as shipped"
same "catalog list" catalog list --format json
same "catalog list regions" catalog list regions --format csv
same "overlay example" --catalog "$SRC/data/examples/overlay.xml" catalog show my-dgx --format json
for model in "$SRC"/data/models/*.xml; do
	name=$(basename "$model" .xml)
	MLFIT_DATADIR=$CHECKED run profile "$name" --format json
	expect_ok "zoo model $name checked against its schema" || continue
	same "zoo model $name" profile "$name" --format json
done
MLFIT_DATADIR=$CHECKED run plan "$SRC/data/examples/portfolio.xml" --format csv
expect_ok "the example portfolio checked against its schema" &&
	same "the example portfolio" plan "$SRC/data/examples/portfolio.xml" --format csv

# 2. an edited copy is checked, with the message it always had
EDITED=$WORK/edited
copy_data "$EDITED"
sed 's|^  <node id="nvidia-dgx-a100-320gb"|  <bogus/><node id="nvidia-dgx-a100-320gb"|' \
	"$SRC/catalog/nodes.xml" >"$EDITED/catalog/nodes.xml"
MLFIT_DATADIR=$EDITED run catalog list
expect_status 3 "edited catalog file" &&
	expect_one_line_error "edited catalog file" &&
	expect_err_match "^mlfit: $EDITED/catalog/nodes.xml:9: <bogus> is not allowed here\$" \
		"edited catalog file"
cp "$SRC/catalog/nodes.xml" "$EDITED/catalog/nodes.xml"

sed '0,/<description>/s||<bogus/><description>|' "$SRC/data/models/resnet50.xml" \
	>"$EDITED/data/models/resnet50.xml"
MLFIT_DATADIR=$EDITED run profile resnet50
expect_status 3 "edited zoo model" &&
	expect_one_line_error "edited zoo model" &&
	expect_err_match "^mlfit: $EDITED/data/models/resnet50.xml:4: <bogus> is not allowed here\$" \
		"edited zoo model"
cp "$SRC/data/models/resnet50.xml" "$EDITED/data/models/resnet50.xml"

# a shipped file read against a stricter schema is checked against it:
# without <alias> in the schema, the first device with one is refused
# (devices-amd.xml is the first file with an <alias>, in load order)
sed 's|<element name="alias">|<element name="no-alias">|' "$SRC/catalog/catalog.rng" \
	>"$EDITED/catalog/catalog.rng"
cmp -s "$SRC/catalog/catalog.rng" "$EDITED/catalog/catalog.rng" &&
	fail "the schema edit did not apply"
first_alias=$(grep -n '<alias>' "$SRC/catalog/devices-amd.xml" | head -1 | cut -d: -f1)
MLFIT_DATADIR=$EDITED run catalog list
expect_status 3 "shipped file, edited schema" &&
	expect_one_line_error "shipped file, edited schema" &&
	expect_err_match "^mlfit: $EDITED/catalog/devices-amd.xml:$first_alias: <device>: unexpected content 'alias'\$" \
		"shipped file, edited schema"

# an unusable schema is a problem, never "no problems" (it compiles lazily now)
echo '<grammar' >"$EDITED/catalog/catalog.rng"
MLFIT_DATADIR=$EDITED run catalog validate
expect_status 3 "catalog validate, broken schema" &&
	expect_err_match "^$EDITED/catalog/catalog.rng:[0-9]+: malformed XML" "catalog validate, broken schema" &&
	expect_err_match "^mlfit: 1 problem in the catalog \\($nfiles files rejected\\)\$" \
		"catalog validate, broken schema"
MLFIT_DATADIR=$EDITED run catalog list
expect_status 3 "catalog list, broken schema" &&
	expect_one_line_error "catalog list, broken schema" &&
	expect_err_match "^mlfit: $EDITED/catalog/catalog.rng:[0-9]+: malformed XML" "catalog list, broken schema"

finish
