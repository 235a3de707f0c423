/*
 * fuzz_records.c — a measure record or CodeCarbon emissions.csv file, as
 * 'mlfit calibrate' reads it (src/records.c, through libcsv).  The reader
 * takes a buffer, so the input goes to it directly, not through a file.
 */
#include "config.h"

#include "fuzz.h"
#include "records.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record_list list;
	struct mlf_err err;

	log_set_sink(NULL, NULL);
	record_list_init(&list);
	(void)records_parse((const char *)data, size, "fuzz.csv", &list, &err);
	record_list_release(&list);
	return 0;
}
