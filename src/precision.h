/*
 * precision.h — numeric precisions of tensors and arithmetic.
 *
 * Layer 1, beside units: both the catalog (a device's peak per precision)
 * and model profiles (bytes per element) need it, and they must not
 * include each other.
 */
#ifndef MLFIT_PRECISION_H
#define MLFIT_PRECISION_H

enum precision {
	PREC_FP64, PREC_FP32, PREC_TF32, PREC_FP16, PREC_BF16, PREC_FP8,
	PREC_INT16, PREC_INT8, PREC_INT4, PREC_COUNT
};

/* "fp32", "bf16", … */
const char *precision_name(enum precision p);
/* The precision named `name`, or -1. */
int precision_parse(const char *name);
/* Bytes per element: fp32 4, bf16 2, int4 0.5 … (tf32 is stored as 4). */
double precision_bytes(enum precision p);
/* Whether p is an integer format (its peaks are in OP/s, not FLOP/s). */
int precision_is_integer(enum precision p);

#endif
