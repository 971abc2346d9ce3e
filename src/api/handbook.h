/*
 * handbook.h -- the handlers of /api/v1/handbook (handbook.c), declared
 * apart from api.h so that the route table can name them while api.h is
 * being edited for other resources. Shapes: docs/api.md "Handbook".
 */
#ifndef CAUNOI_API_HANDBOOK_H
#define CAUNOI_API_HANDBOOK_H

#include "http/http.h"

/* GET /handbook[?include_archived=true]: the pages in reading order. */
void api_handbook_list(http_request *rq, http_response *rs);
/* GET /handbook/{slug}: one page with its Markdown and HTML, ETag. */
void api_handbook_get(http_request *rq, http_response *rs);
/* POST /handbook: a new page (201, ETag). */
void api_handbook_create(http_request *rq, http_response *rs);
/* PATCH (or PUT) /handbook/{slug} with If-Match: title, body, position. */
void api_handbook_update(http_request *rq, http_response *rs);
/* POST /handbook/{slug}/archive and /restore with If-Match. */
void api_handbook_archive(http_request *rq, http_response *rs);
void api_handbook_restore(http_request *rq, http_response *rs);
/* GET /handbook/{slug}/revisions[?limit=&cursor=]: the history, newest
 * first; GET /handbook/{slug}/revisions/{version}: one saved state. */
void api_handbook_revisions(http_request *rq, http_response *rs);
void api_handbook_revision_get(http_request *rq, http_response *rs);

#endif
