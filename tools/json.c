// SPDX-License-Identifier: MIT
/* Streaming JSON writer; see json.h. */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

/* Before a value or a key: the separator, unless it follows a key. */
static void json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->has_items[j->depth])
		fputs(", ", j->f);
	j->has_items[j->depth] = true;
}

static void json_open(struct json *j, char c)
{
	json_sep(j);
	fputc(c, j->f);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void json_close(struct json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void json_object_begin(struct json *j)
{
	json_open(j, '{');
}

void json_object_end(struct json *j)
{
	json_close(j, '}');
}

void json_array_begin(struct json *j)
{
	json_open(j, '[');
}

void json_array_end(struct json *j)
{
	json_close(j, ']');
}

/* The escape of byte @c, or NULL when it stands for itself. */
static const char *json_escape_byte(unsigned char c, char tmp[7])
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		break;
	}
	if (c >= 0x20 && c < 0x7f)
		return NULL;
	memcpy(tmp, "\\u00", 4);
	tmp[4] = hex[c >> 4];
	tmp[5] = hex[c & 15];
	tmp[6] = '\0';
	return tmp;
}

size_t json_escape(char *dst, size_t size, const void *s, size_t len)
{
	const unsigned char *p = s;
	size_t out = 0, i;
	char tmp[7];

	for (i = 0; i < len; i++) {
		const char *e = json_escape_byte(p[i], tmp);
		size_t n = e ? strlen(e) : 1;

		if (out + n < size) {
			if (e)
				memcpy(dst + out, e, n);
			else
				dst[out] = (char)p[i];
		}
		out += n;
	}
	if (size)
		dst[out < size ? out : size - 1] = '\0';
	return out;
}

static void json_put_escaped(struct json *j, const void *s, size_t len)
{
	const unsigned char *p = s;
	size_t i, run = 0;
	char tmp[7];

	for (i = 0; i < len; i++) {
		const char *e = json_escape_byte(p[i], tmp);

		if (!e) {
			run++;
			continue;
		}
		fwrite(p + i - run, 1, run, j->f);
		run = 0;
		fputs(e, j->f);
	}
	fwrite(p + len - run, 1, run, j->f);
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	fputc('"', j->f);
	json_put_escaped(j, key, strlen(key));
	fputs("\": ", j->f);
	j->after_key = true;
}

void json_string_len(struct json *j, const void *s, size_t len)
{
	json_sep(j);
	fputc('"', j->f);
	json_put_escaped(j, s, len);
	fputc('"', j->f);
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_string_len(j, s, strlen(s));
}

void json_u64(struct json *j, uint64_t v)
{
	json_sep(j);
	fprintf(j->f, "%" PRIu64, v);
}

void json_i64(struct json *j, int64_t v)
{
	json_sep(j);
	fprintf(j->f, "%" PRId64, v);
}

void json_bool(struct json *j, bool v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->f);
}

void json_hex(struct json *j, uint64_t v)
{
	json_sep(j);
	fprintf(j->f, "\"0x%" PRIx64 "\"", v);
}

static const char b64_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_quad(FILE *f, const unsigned char *in, size_t n)
{
	char out[4];

	out[0] = b64_chars[in[0] >> 2];
	out[1] = b64_chars[((in[0] & 3) << 4) | (n > 1 ? in[1] >> 4 : 0)];
	out[2] = n > 1 ? b64_chars[((in[1] & 15) << 2) |
				   (n > 2 ? in[2] >> 6 : 0)] : '=';
	out[3] = n > 2 ? b64_chars[in[2] & 63] : '=';
	fwrite(out, 1, 4, f);
}

void json_base64_begin(struct json *j)
{
	json_sep(j);
	fputc('"', j->f);
	j->b64_len = 0;
}

void json_base64_data(struct json *j, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len && j->b64_len) {
		j->b64[j->b64_len++] = *p++;
		len--;
		if (j->b64_len == 3) {
			b64_quad(j->f, j->b64, 3);
			j->b64_len = 0;
		}
	}
	if (j->b64_len)		/* still short of 3 bytes: len is 0 */
		return;
	for (; len >= 3; p += 3, len -= 3)
		b64_quad(j->f, p, 3);
	memcpy(j->b64, p, len);
	j->b64_len = len;
}

void json_base64_end(struct json *j)
{
	if (j->b64_len)
		b64_quad(j->f, j->b64, j->b64_len);
	j->b64_len = 0;
	fputc('"', j->f);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kv_i64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_i64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_kv_hex(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_hex(j, v);
}

void json_kv_null(struct json *j, const char *key)
{
	json_key(j, key);
	json_null(j);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
}
