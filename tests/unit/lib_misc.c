// SPDX-License-Identifier: MIT
/*
 * ms_map()/ms_unmap() on a memfd, ms_named_foreach() over a fake class
 * directory, ms_lib_version().
 */
#include <fcntl.h>
#include <sys/stat.h>

#include <memshare.h>

#include "../../lib/internal.h"
#include "testutil.h"

struct seen {
	char names[8][MEMSHARE_NAME_MAX];
	int n, stop_at;
};

static int collect(const char *name, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		snprintf(s->names[s->n], MEMSHARE_NAME_MAX, "%s", name);
	s->n++;
	return s->n == s->stop_at ? 1234 : 0;
}

static void mkbuf(const char *dir, const char *name, bool with_size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mkdir(path, 0755))
		t_failures++;
	if (!with_size)
		return;
	snprintf(path, sizeof(path), "%s/%s/size", dir, name);
	f = fopen(path, "w");
	if (!f) {
		t_failures++;
		return;
	}
	fputs("4096\n", f);
	fclose(f);
}

int main(void)
{
	char dir[] = "/tmp/memshare-unit-XXXXXX";
	struct seen s;
	void *p = NULL;
	int fd, ret;

	CHECK_STR(ms_lib_version(), "0.3.0");

	/* ms_map on any mappable fd */
	fd = memfd_create("ms-map", MFD_CLOEXEC);
	CHECK(fd >= 0);
	CHECK_INT(ftruncate(fd, 3 * 4096), 0);
	CHECK_INT(ms_map(fd, 4096, 8192, PROT_READ | PROT_WRITE, &p), 0);
	CHECK(p != NULL);
	if (p) {
		memcpy(p, "memshare", 8);
		char b[8];

		CHECK_INT(pread(fd, b, 8, 4096), 8);
		CHECK(!memcmp(b, "memshare", 8));
		CHECK_INT(ms_unmap(p, 8192), 0);
	}
	CHECK_INT(ms_map(fd, 1, 4096, PROT_READ, &p), -EINVAL);
	CHECK_INT(ms_map(fd, 0, 4096, PROT_READ, NULL), -EINVAL);
	CHECK_INT(ms_map(-1, 0, 4096, PROT_READ, &p), -EBADF);
	CHECK_INT(ms_map(fd, UINT64_MAX & ~4095ULL, 4096, PROT_READ, &p),
		  -EOVERFLOW);
	CHECK_INT(ms_unmap((void *)1, 4096), -EINVAL);
	close(fd);

	/* ms_named_foreach over a fake class directory */
	if (!mkdtemp(dir))
		return T_FAIL;
	memset(&s, 0, sizeof(s));
	CHECK_INT(ms__named_foreach_dir(dir, collect, &s), 0);
	CHECK_INT(s.n, 0);

	mkbuf(dir, "zeta", true);
	mkbuf(dir, "alpha", true);
	mkbuf(dir, "Mid.1", true);
	mkbuf(dir, "nosize", false);	/* not a buffer */
	mkbuf(dir, "beta-2", true);
	memset(&s, 0, sizeof(s));
	ret = ms__named_foreach_dir(dir, collect, &s);
	CHECK_INT(ret, 4);
	CHECK_INT(s.n, 4);
	CHECK_STR(s.names[0], "Mid.1");		/* strcmp order */
	CHECK_STR(s.names[1], "alpha");
	CHECK_STR(s.names[2], "beta-2");
	CHECK_STR(s.names[3], "zeta");

	/* a non-zero return stops the walk and is returned */
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	CHECK_INT(ms__named_foreach_dir(dir, collect, &s), 1234);
	CHECK_INT(s.n, 2);

	CHECK_INT(ms__named_foreach_dir(dir, NULL, NULL), -EINVAL);
	{
		char missing[600];

		snprintf(missing, sizeof(missing), "%s/none", dir);
		CHECK_INT(ms__named_foreach_dir(missing, collect, &s),
			  -ENOENT);
	}

	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		CHECK_INT(system(cmd), 0);
	}
	return t_result();
}
