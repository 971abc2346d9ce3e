/*
 * health.c -- GET /api/v1/health and GET /api/v1/openapi.json.
 *
 * Health answers that the server runs and which schema its database has;
 * a load balancer or the test harness polls it. The OpenAPI description is
 * served from the web directory (web/openapi.json), the same file the route
 * test reads. This file must never touch member data.
 */
#include "api/api.h"

void api_health(http_request *rq, http_response *rs)
{
    api_respond_json(
        rq, rs, 200,
        json_pack("{s:s, s:i}", "status", "ok", "schema_version", svc_schema_version(rq->conn)));
}

void api_openapi(http_request *rq, http_response *rs)
{
    http_respond_file(rq, rs, rq->cfg->web_dir, "openapi.json");
}
