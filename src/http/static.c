/*
 * static.c -- the front end's files, and /vendor/ for its npm modules.
 *
 * Only regular files inside the two roots are served, only of the types in
 * the table below. The path arrives as decoded segments that parse.c has
 * already checked (no "", ".", "..", '/', NUL); segments starting with '.'
 * (.git, .env) are refused here too, and the last component is opened
 * with O_NOFOLLOW. Any GET that is not under /api/ and has no file
 * extension answers index.html: the front end routes by URL. This file must
 * never serve a file outside its roots or list a directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/str.h"
#include "http/http.h"

static const struct {
    const char *ext, *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"json", "application/json; charset=utf-8"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
};

const char *http_mime_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash))
        return NULL;
    for (size_t i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
        if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
            return mime_types[i].type;
    return NULL;
}

static void not_found(http_request *rq, http_response *rs)
{
    http_respond_fail(rs, rq->a, rq->lg, ST_NOT_FOUND, "not_found", NULL, NULL);
}

void http_respond_file(http_request *rq, http_response *rs, const char *root, const char *rel)
{
    const char *type = http_mime_type(rel);
    if (!type || !root || rel[0] == '.' || strstr(rel, "/.")) {
        not_found(rq, rs);
        return;
    }
    const char *path = arena_printf(rq->a, "%s/%s", root, rel);
    if (!path) {
        http_respond_fail(rs, rq->a, rq->lg, ST_NOMEM, "out_of_memory", NULL, NULL);
        return;
    }
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        not_found(rq, rs);
        return;
    }
    rs->status = 200;
    rs->content_type = type;
    rs->fd = fd;
    rs->fd_size = (uint64_t)sb.st_size;
    if (strncmp(type, "text/html", 9) == 0)
        http_header_add(rs, "Cache-Control", "no-cache");
}

/* The segments from `from` on, joined by '/'. */
static const char *join(arena *a, const http_target *t, size_t from)
{
    strbuf b = {0};
    for (size_t i = from; i < t->nsegs; i++) {
        if (i > from)
            buf_putc(&b, '/');
        buf_puts(&b, t->segs[i]);
    }
    const char *s = b.failed || !b.len ? NULL : arena_strdup(a, b.data);
    buf_free(&b);
    return s;
}

void http_serve_static(http_request *rq, http_response *rs)
{
    const http_target *t = &rq->target;
    const http_config *cfg = rq->cfg;
    if (t->nsegs > 0 && strcmp(t->segs[0], "vendor") == 0) {
        const char *rel = join(rq->a, t, 1);
        if (rel)
            http_respond_file(rq, rs, cfg->vendor_dir, rel);
        else
            not_found(rq, rs);
        return;
    }
    if (t->nsegs == 0 || !strchr(t->segs[t->nsegs - 1], '.')) {
        http_respond_file(rq, rs, cfg->web_dir, "index.html");
        return;
    }
    const char *rel = join(rq->a, t, 0);
    if (rel)
        http_respond_file(rq, rs, cfg->web_dir, rel);
    else
        not_found(rq, rs);
}
