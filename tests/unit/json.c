// SPDX-License-Identifier: MIT
/* The CLI's JSON writer: escaping, structure, numbers, base64. */
#include "json.h"
#include "testutil.h"

/* Write with @fn into a memory stream; returns the text (malloc'd). */
#define CAPTURE(out, code) do {						\
	size_t _len;							\
	FILE *_f = open_memstream(&(out), &_len);			\
	struct json _j, *j = &_j;					\
									\
	json_init(j, _f);						\
	code;								\
	fclose(_f);							\
} while (0)

static void check_escape(const char *in, size_t len, const char *want)
{
	char buf[256];
	size_t n = json_escape(buf, sizeof(buf), in, len);

	if (n != strlen(want) || strcmp(buf, want)) {
		fprintf(stderr, "escape: got \"%s\" (%zu), expected \"%s\"\n",
			buf, n, want);
		t_failures++;
	}
}

int main(void)
{
	char *s = NULL;
	char small[8];

	/* escaping, byte by byte */
	check_escape("plain text", 10, "plain text");
	check_escape("", 0, "");
	check_escape("a\"b", 3, "a\\\"b");
	check_escape("a\\b", 3, "a\\\\b");
	check_escape("/", 1, "/");
	check_escape("\b\f\n\r\t", 5, "\\b\\f\\n\\r\\t");
	check_escape("\x01\x1f", 2, "\\u0001\\u001f");
	check_escape("\0x", 2, "\\u0000x");
	check_escape("\x7f", 1, "\\u007f");
	check_escape("\x80\xff", 2, "\\u0080\\u00ff");
	check_escape("caf\xc3\xa9", 5, "caf\\u00c3\\u00a9");
	check_escape(" ~", 2, " ~");

	/* truncation: returns the full length, NUL-terminates */
	CHECK_INT(json_escape(small, sizeof(small), "\"\"\"\"\"", 5), 10);
	CHECK_STR(small, "\\\"\\\"\\\"");
	CHECK_INT(json_escape(NULL, 0, "\n", 1), 2);

	/* an empty object, nesting, separators */
	CAPTURE(s, { json_object_begin(j); json_object_end(j);
		     json_finish(j); });
	CHECK_STR(s, "{}\n");
	free(s);

	CAPTURE(s, {
		json_object_begin(j);
		json_kv_bool(j, "loaded", false);
		json_kv_string(j, "name", "a\"b\n");
		json_kv_u64(j, "size", UINT64_MAX);
		json_kv_i64(j, "neg", INT64_MIN);
		json_kv_hex(j, "phys_addr", 0x1234abcd000ULL);
		json_kv_null(j, "none");
		json_key(j, "list");
		json_array_begin(j);
		json_u64(j, 1);
		json_string(j, "x");
		json_object_begin(j);
		json_object_end(j);
		json_array_begin(j);
		json_array_end(j);
		json_bool(j, true);
		json_string(j, NULL);
		json_array_end(j);
		json_key(j, "obj");
		json_object_begin(j);
		json_kv_u64(j, "a", 0);
		json_object_end(j);
		json_object_end(j);
		json_finish(j);
	});
	CHECK_STR(s, "{\"loaded\": false, \"name\": \"a\\\"b\\n\", "
		  "\"size\": 18446744073709551615, "
		  "\"neg\": -9223372036854775808, "
		  "\"phys_addr\": \"0x1234abcd000\", \"none\": null, "
		  "\"list\": [1, \"x\", {}, [], true, null], "
		  "\"obj\": {\"a\": 0}}\n");
	CHECK(json_valid(s));
	free(s);

	/* every byte value through the writer gives valid JSON */
	{
		char all[256];

		for (int i = 0; i < 256; i++)
			all[i] = (char)i;
		CAPTURE(s, { json_object_begin(j);
			     json_key(j, "k\x01\xfe");
			     json_string_len(j, all, sizeof(all));
			     json_object_end(j); });
		CHECK(json_valid(s));
		CHECK(strstr(s, "\"k\\u0001\\u00fe\": ") != NULL);
		CHECK(strstr(s, "\\u0000\\u0001") != NULL);
		CHECK(strstr(s, "\\u00ff\"") != NULL);
		for (const char *p = s; *p; p++)
			CHECK((unsigned char)*p >= 0x20 &&
			      (unsigned char)*p < 0x7f);
		free(s);
	}

	/* base64: RFC 4648 vectors, fed whole and byte by byte */
	{
		static const char *const in[] = { "", "f", "fo", "foo", "foob",
						  "fooba", "foobar" };
		static const char *const want[] = { "\"\"", "\"Zg==\"",
			"\"Zm8=\"", "\"Zm9v\"", "\"Zm9vYg==\"",
			"\"Zm9vYmE=\"", "\"Zm9vYmFy\"" };

		for (int i = 0; i < 7; i++) {
			CAPTURE(s, { json_base64_begin(j);
				     json_base64_data(j, in[i],
						      strlen(in[i]));
				     json_base64_end(j); });
			CHECK_STR(s, want[i]);
			free(s);
			CAPTURE(s, { json_base64_begin(j);
				     for (size_t k = 0; in[i][k]; k++)
					     json_base64_data(j, in[i] + k, 1);
				     json_base64_end(j); });
			CHECK_STR(s, want[i]);
			free(s);
		}
		/* split 2 + 4 + 1, and binary bytes */
		CAPTURE(s, { json_base64_begin(j);
			     json_base64_data(j, "\xff\x00", 2);
			     json_base64_data(j, "\xfe\x01\x80\x7f", 4);
			     json_base64_data(j, "!", 1);
			     json_base64_end(j); });
		CHECK_STR(s, "\"/wD+AYB/IQ==\"");
		free(s);
	}

	/* the validator itself rejects what it should */
	CHECK(!json_valid("{\"a\": 1,}"));
	CHECK(!json_valid("{\"a\" 1}"));
	CHECK(!json_valid("\"\x01\""));
	CHECK(!json_valid("[1] x"));
	CHECK(!json_valid("01"));
	CHECK(json_valid(" {\"a\": [1.5e3, -0, \"\\u00e9\"]}\n"));
	return t_result();
}
