// SPDX-License-Identifier: MIT
/* ms_parse_size(): valid sizes, and each class of invalid input. */
#include <memshare.h>

#include "testutil.h"

static void ok(const char *s, uint64_t want)
{
	uint64_t v = 0xdeadbeef;
	int ret = ms_parse_size(s, &v);

	if (ret || v != want) {
		fprintf(stderr, "\"%s\": ret %d value %" PRIu64 ", expected "
			"%" PRIu64 "\n", s, ret, v, want);
		t_failures++;
	}
}

static void bad(const char *s, int err)
{
	uint64_t v = 0xdeadbeef;
	int ret = ms_parse_size(s, &v);

	if (ret != err || v != 0xdeadbeef) {
		fprintf(stderr, "\"%s\": ret %d value %" PRIu64 ", expected "
			"ret %d and the value untouched\n", s, ret, v, err);
		t_failures++;
	}
}

int main(void)
{
	const uint64_t K = 1024, M = K * K, G = M * K, T = G * K;

	ok("0", 0);
	ok("1", 1);
	ok("4096", 4096);
	ok("007", 7);
	ok("64K", 64 * K);
	ok("4k", 4 * K);
	ok("64KiB", 64 * K);
	ok("64kiB", 64 * K);
	ok("1M", M);
	ok("1m", M);
	ok("3MiB", 3 * M);
	ok("2G", 2 * G);
	ok("2g", 2 * G);
	ok("5GiB", 5 * G);
	ok("1T", T);
	ok("1t", T);
	ok("1TiB", T);
	ok("0K", 0);
	ok("18446744073709551615", UINT64_MAX);
	ok("16777215T", 16777215 * T);		/* 2^64 - 2^40 */
	ok("17179869183G", 17179869183ULL * G);	/* 2^64 - 2^30 */

	/* syntax */
	bad("", -EINVAL);
	bad("-1", -EINVAL);
	bad("+1", -EINVAL);
	bad("1.5M", -EINVAL);
	bad("12Q", -EINVAL);
	bad("K", -EINVAL);
	bad("KiB", -EINVAL);
	bad("0x1000", -EINVAL);
	bad("1e3", -EINVAL);
	bad(" 1", -EINVAL);
	bad("1 ", -EINVAL);
	bad("1\n", -EINVAL);
	bad("1 K", -EINVAL);
	bad("\t4096", -EINVAL);
	bad("1KK", -EINVAL);
	bad("1Ki", -EINVAL);
	bad("1KB", -EINVAL);
	bad("1KiBx", -EINVAL);
	bad("1iB", -EINVAL);
	bad("1B", -EINVAL);
	bad("1P", -EINVAL);
	bad("4096bytes", -EINVAL);
	bad("x4096", -EINVAL);
	bad("12,000", -EINVAL);
	/* a syntax error wins over an overflow */
	bad("99999999999999999999999Q", -EINVAL);

	/* overflow */
	bad("18446744073709551616", -ERANGE);
	bad("99999999999999999999999", -ERANGE);
	bad("16777216T", -ERANGE);
	bad("17179869184G", -ERANGE);
	bad("18014398509481984K", -ERANGE);
	bad("18446744073709551615K", -ERANGE);

	/* NULL arguments */
	{
		uint64_t v;

		CHECK_INT(ms_parse_size(NULL, &v), -EINVAL);
		CHECK_INT(ms_parse_size("1", NULL), -EINVAL);
	}
	return t_result();
}
