// SPDX-License-Identifier: MIT
/* A struct larger than the kernel's whose extra bytes are zero is accepted
 * (copy_struct_from_user), for every ioctl; the output is written back only
 * up to the kernel's size, so the tail stays zero. */
#include "mstest.h"

#define EXTRA 64

static uint8_t out[4096];

static void check_tail(const char *name, size_t ssize)
{
	long nz = mst_find_not(out + ssize, EXTRA, 0);

	if (nz >= 0)
		FAIL("%s: byte %zu beyond the struct was written (got 0x%02x, want 0)",
		     name, ssize + (size_t)nz, out[ssize + nz]);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	const char *name = "mst_longz";

	struct memshare_version v = { 0 };
	CHECK_OK(mst_ioctl_sized(ctl, MEMSHARE_IOC_VERSION, &v, sizeof(v),
				 sizeof(v) + EXTRA, sizeof(v) + EXTRA, -1, out),
		 "VERSION with size sizeof+64, zero tail");
	memcpy(&v, out, sizeof(v));
	CHECK_EQ(v.abi_major, 1, "VERSION (long struct) abi_major");
	CHECK(v.module_version[0], "VERSION (long struct) module_version empty");
	check_tail("VERSION", sizeof(v));

	struct memshare_create c;
	mst_create_init(&c, 5000);
	CHECK_OK(mst_ioctl_sized(ctl, MEMSHARE_IOC_CREATE, &c, sizeof(c),
				 sizeof(c) + EXTRA, sizeof(c) + EXTRA, -1, out),
		 "CREATE with size sizeof+64, zero tail");
	memcpy(&c, out, sizeof(c));
	CHECK(c.fd >= 0, "CREATE (long struct) fd (got %d, want >= 0)", c.fd);
	CHECK_EQ(c.length, 2 * MST_PAGE, "CREATE (long struct) rounded length");
	check_tail("CREATE", sizeof(c));
	int buf = c.fd;

	struct memshare_buf_info bi = { 0 };
	CHECK_OK(mst_ioctl_sized(buf, MEMSHARE_IOC_BUF_INFO, &bi, sizeof(bi),
				 sizeof(bi) + EXTRA, sizeof(bi) + EXTRA, -1, out),
		 "BUF_INFO with size sizeof+64, zero tail");
	memcpy(&bi, out, sizeof(bi));
	CHECK_EQ(bi.length, 2 * MST_PAGE, "BUF_INFO (long struct) length");
	CHECK_EQ(bi.nr_pages, 2, "BUF_INFO (long struct) nr_pages");
	check_tail("BUF_INFO", sizeof(bi));

	struct memshare_access a = { .op = MEMSHARE_ACCESS_CRC32C, .length = 2 * MST_PAGE,
				     .crc32c = 0xdeadbeef };
	CHECK_OK(mst_ioctl_sized(buf, MEMSHARE_IOC_ACCESS, &a, sizeof(a),
				 sizeof(a) + EXTRA, sizeof(a) + EXTRA, -1, out),
		 "ACCESS with size sizeof+64, zero tail");
	memcpy(&a, out, sizeof(a));
	static uint8_t zeros[2 * MST_PAGE];
	CHECK_EQX(a.crc32c, ms_crc32c(zeros, sizeof(zeros)), "ACCESS (long struct) crc32c of zeros");
	check_tail("ACCESS", sizeof(a));
	close(buf);

	/* OPEN and DESTROY on a named buffer of our own. */
	buf = (int)CHECK_OK(mst_create_named_raw(ctl, name, MST_PAGE, 0, 0, 0),
			    "CREATE named mst_longz");
	close(buf);
	struct memshare_open o = { 0 };
	strcpy(o.name, name);
	o.fd = -1;
	CHECK_OK(mst_ioctl_sized(ctl, MEMSHARE_IOC_OPEN, &o, sizeof(o),
				 sizeof(o) + EXTRA, sizeof(o) + EXTRA, -1, out),
		 "OPEN with size sizeof+64, zero tail");
	memcpy(&o, out, sizeof(o));
	CHECK(o.fd >= 0, "OPEN (long struct) fd (got %d, want >= 0)", o.fd);
	check_tail("OPEN", sizeof(o));
	bi = mst_binfo(o.fd);
	CHECK(!strcmp(bi.name, name), "BUF_INFO name of the opened fd (got \"%s\", want \"%s\")",
	      bi.name, name);
	close(o.fd);

	struct memshare_destroy d = { 0 };
	strcpy(d.name, name);
	CHECK_OK(mst_ioctl_sized(ctl, MEMSHARE_IOC_DESTROY, &d, sizeof(d),
				 sizeof(d) + EXTRA, sizeof(d) + EXTRA, -1, NULL),
		 "DESTROY with size sizeof+64, zero tail");
	mst_untrack(name);
	CHECK_ERR(mst_open_raw(ctl, name), ENOENT, "OPEN after the long-struct DESTROY");
	PASS();
}
