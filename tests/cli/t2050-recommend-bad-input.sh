#!/bin/sh
# t2050-recommend-bad-input.sh — bad options: one clear line on stderr, exit 2 (usage) or
# 3 (a file that cannot be written), never a crash or half an output.
. "${srcdir:-.}/tests/cli/lib.sh"

# bad ARGS... -- STATUS REGEX
bad() {
	args=""
	while [ "$1" != "--" ]; do
		args="$args $1"
		shift
	done
	# shellcheck disable=SC2086
	run recommend resnet18 --epochs 1 $args
	expect_status "$2" "recommend$args" && expect_one_line_error "recommend$args" &&
		expect_err_match "$3" "recommend$args"
	[ -z "$out" ] || fail "recommend$args: printed a result: $out"
}

bad --providers nosuch -- 2 "--providers: unknown provider 'nosuch'"
bad --regions europe-west4x -- 2 "unknown region 'europe-west4x'; did you mean 'europe-west4'"
bad --countries XX -- 2 "--countries: unknown country 'XX'"
bad --devices nvidia-a100 -- 2 "--devices: unknown device 'nvidia-a100'; did you mean"
bad --kind fpga -- 2 "--kind: unknown device kind 'fpga'"
bad --on-prem nosuch -- 2 "--on-prem: unknown site 'nosuch'"
bad --deadline 0 -- 2 "--deadline must be greater than 0"
bad --deadline 0h -- 2 "--deadline must be greater than 0"
bad --deadline 5kg -- 2 "--deadline: expected a time such as"
bad --max-cost -3 -- 2 "--max-cost must be greater than 0"
bad --max-cost 5W -- 2 "--max-cost: expected"
bad --max-devices 0 -- 2 "--max-devices must be a whole number"
bad --max-devices 2.5 -- 2 "--max-devices must be a whole number"
bad --objective speed -- 2 "unknown objective 'speed'"
bad --pareto=foo -- 2 "--pareto=foo: use cost or time"
bad --top 1000 -- 2 "--top must be a whole number from 0 to 100"
bad --time-limit 0 -- 2 "--time-limit must be greater than 0"
bad --energy-method guess -- 2 "unknown energy method 'guess'"
bad --write-lp /nonexistent/dir/model.lp -- 3 "cannot write the model to '/nonexistent/dir/model.lp'"

run recommend resnet51
expect_status 2 "unknown model" && expect_err_match "unknown model 'resnet51'; did you mean" "unknown model"
run recommend
expect_status 2 "no model" && expect_err_match "which model" "no model"
run recommend resnet18 resnet50
expect_status 2 "two models" && expect_one_line_error "two models"
run recommend resnet18 --infer --rate 10 --duration 1d --pareto=time
expect_status 2 "a time front for a service" && expect_one_line_error "a time front for a service"
run recommend resnet18 --no-such-option
expect_status 2 "unknown option"
run recommend --help
expect_ok "--help" && expect_out_match "^usage: mlfit recommend" "--help"

finish
