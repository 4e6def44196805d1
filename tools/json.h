/* SPDX-License-Identifier: MIT */
/*
 * A small streaming JSON writer for the memshare CLI.
 *
 * Output is one line: ", " between members and ": " after keys, as
 * Python's json.dumps() writes it.  Strings are byte strings: '"', '\\'
 * and control characters are escaped, and so is every byte outside
 * printable ASCII (as \u00XX), so that the output is always valid JSON
 * and pure ASCII whatever the input holds.
 */
#ifndef MEMSHARE_TOOLS_JSON_H
#define MEMSHARE_TOOLS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool has_items[JSON_MAX_DEPTH];	/* a member was written at depth */
	bool after_key;			/* the next value follows a key */
	unsigned char b64[3];		/* base64 bytes not yet encoded */
	size_t b64_len;
};

void json_init(struct json *j, FILE *f);

void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);

void json_string(struct json *j, const char *s);
void json_string_len(struct json *j, const void *s, size_t len);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* An address: the string "0x..." (lower-case hex). */
void json_hex(struct json *j, uint64_t v);

/* A base64 string value written in pieces (RFC 4648, with padding). */
void json_base64_begin(struct json *j);
void json_base64_data(struct json *j, const void *data, size_t len);
void json_base64_end(struct json *j);

/* Key and value in one call. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_i64(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);
void json_kv_hex(struct json *j, const char *key, uint64_t v);
void json_kv_null(struct json *j, const char *key);

/* End the document: a newline, and flush. */
void json_finish(struct json *j);

/*
 * Escape @len bytes of @s as the inside of a JSON string (no quotes) into
 * @dst of @size bytes, NUL-terminated.  Returns the length the escaped
 * text needs, not counting the NUL (as snprintf does).
 */
size_t json_escape(char *dst, size_t size, const void *s, size_t len);

#endif /* MEMSHARE_TOOLS_JSON_H */
