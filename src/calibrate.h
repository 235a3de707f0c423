/*
 * calibrate.h — fit the estimator's per-device parameters to measured runs
 * (mlfit calibrate), and write them as an overlay catalog.
 *
 * Layer 4, above estimate: the front end turns each record into a struct
 * calib_input (the device, the measured time and device energy, and what
 * the estimator predicts for the same workload with the catalog as it is);
 * calibrate_device() fits, by least squares,
 *   efficiency  t_measured ≈ s × t_estimated, so efficiency' = efficiency / s
 *               (the estimator's compute time goes as 1 / efficiency);
 *   idle, load  average device power P = E / (n t) ≈ idle + (TDP − idle) ×
 *               load × u, with u the measured utilisation: a line in u when
 *               u varies enough across records, else load alone with the
 *               catalog's idle power;
 *   op-cost     E ≈ a·MACs + b·bytes + P_idle·n·t (Getzner et al. 2023,
 *               NeuralPower): J per MAC, J per byte and idle power, where
 *               the records' MAC counts vary enough;
 * and refuses, saying why, when the records are too few or degenerate or
 * the fit makes no physical sense.  Energies that were estimated (the
 * CPU-time fallback) are never used to fit power: that would fit the
 * fallback to itself.
 *
 * Units: SI.  No I/O: the overlay is built in a strbuf.
 */
#ifndef MLFIT_CALIBRATE_H
#define MLFIT_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "estimate.h"
#include "strbuf.h"

/* A least-squares fit: y ≈ X β.  ok false: `why` says why not. */
struct calib_fit {
	bool ok;
	char why[256];
	size_t n, p;
	double beta[3];
	double r2;
	double rms_rel;			/* root mean square relative residual */
};

/*
 * Least squares over n rows of p ≤ 3 regressors (x row-major, n × p),
 * through the origin (an intercept is a column of ones).  Refuses with
 * n < p + 1 (no residual to judge the fit by) and with columns that are
 * (nearly) collinear or constant where they must vary.  Returns 0 or -1.
 */
int calibrate_lsq(const double *x, const double *y, size_t n, size_t p,
		  struct calib_fit *fit);

struct calib_input {
	const char *label;		/* "file:line" of the record */
	const struct cat_device *device;
	unsigned count;			/* devices the run used */
	enum task task;
	double time_s;			/* measured duration */
	double energy_j;		/* measured device energy, < 0: none */
	double utilisation;		/* 0–1, < 0: unknown (taken as 1) */
	double time_est_s;		/* the estimator's, current catalog; 0: no workload */
	double efficiency;		/* the estimator's efficiency for this run */
	double idle_w;			/* the estimator's idle power per device */
	double macs, bytes;		/* of the run, < 0: unknown */
};

struct calib_result {
	const struct cat_device *device;
	enum task task;
	size_t nrecords;
	char efficiency_source[96];	/* the parameter the estimator used */
	/* its task kind, "efficiency.train", "efficiency.train-other" or
	 * "efficiency.infer": the overlay writes PREFIX.DEVICE-ID, which the
	 * estimator takes before the generation's and the kind's figure */
	char efficiency_prefix[48];
	double efficiency_was;		/* its value; 0: in[0].efficiency */

	struct calib_fit time_fit;
	double efficiency, efficiency_low, efficiency_high;

	struct calib_fit power_fit;
	bool idle_fitted;
	double idle_w, load, load_low, load_high;

	struct calib_fit opcost_fit;
	double j_per_mac, j_per_byte, opcost_idle_w;
	enum precision precision;	/* the MACs' precision, for the overlay */
	double rf_bytes_per_mac;	/* register-file bytes the op-cost method adds per MAC */
};

/* Fits one device's records (all of the same device and task). */
void calibrate_device(const struct calib_input *in, size_t n, struct calib_result *out);

/*
 * Writes an overlay catalog (catalog/catalog.rng) with a <source> citing
 * `cited` (the records, in words), per-device efficiency parameters
 * (efficiency_prefix.ID, else efficiency.TASK.ID) and load.TASK.ID, and, where idle power or per-operation energies
 * were fitted, a copy of the device entry with them (an overlay replaces an
 * entry wholesale); the energy per MAC is for each result's precision.
 */
void calibrate_write_overlay(const struct calib_result *res, size_t n, const char *source_id,
			     const char *cited, struct strbuf *out);

#endif
