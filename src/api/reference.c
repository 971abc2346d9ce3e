/*
 * reference.c -- GET /api/v1/reference: the lists a form picks from.
 *
 * Countries (for units abroad), overseas cell types, unit kinds and member
 * statuses, each as {code, name} named in the request's language. The
 * codes come from domain/ and service/; the names of kinds and statuses are
 * the interface's words for domain's enums. This file must never decide
 * what a valid code is: it lists what domain/ accepts.
 */
#include "api/api.h"

typedef struct label {
    const char *code, *vi, *en;
} label;

static const label unit_kinds[] = {
    {"committee", "Cấp ủy cấp trên cơ sở", "Committee above grassroots level"},
    {"grassroots", "Tổ chức cơ sở đảng", "Grassroots party organization"},
    {"cell", "Chi bộ", "Party cell"},
    {"group", "Tổ đảng", "Party group"},
};

static const label member_statuses[] = {
    {"probationary", "Đảng viên dự bị", "Probationary member"},
    {"official", "Đảng viên chính thức", "Official member"},
    {"left", "Đã ra khỏi Đảng", "Left the party"},
    {"deceased", "Đã từ trần", "Deceased"},
};

static json_t *pair(const char *code, const char *name)
{
    return json_pack("{s:s, s:s}", "code", code, "name", name ? name : code);
}

static json_t *labels_json(const label *l, size_t n, lang lg)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, pair(l[i].code, lg == LANG_EN ? l[i].en : l[i].vi)) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* Every assigned ISO 3166-1 alpha-2 code that domain/ knows, except VN: the
 * list is for units abroad. */
static json_t *countries_json(lang lg)
{
    json_t *a = json_array();
    char cc[3] = {0};
    for (char x = 'A'; a && x <= 'Z'; x++)
        for (char y = 'A'; a && y <= 'Z'; y++) {
            cc[0] = x;
            cc[1] = y;
            if (!country_known(cc) || (x == 'V' && y == 'N'))
                continue;
            if (json_array_append_new(a, pair(cc, country_name(cc, lg))) != 0) {
                json_decref(a);
                a = NULL;
            }
        }
    return a;
}

void api_reference(http_request *rq, http_response *rs)
{
    svc s;
    api_svc(rq, &s);
    error e = {0};
    cell_type *types;
    size_t n;
    if (svc_cell_types(&s, &types, &n, &e) != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    json_t *cells = json_array();
    for (size_t i = 0; cells && i < n; i++)
        if (json_array_append_new(cells, pair(types[i].code, types[i].name)) != 0) {
            json_decref(cells);
            cells = NULL;
        }
    api_respond_json(rq, rs, 200,
                     json_pack("{s:o, s:o, s:o, s:o}", "countries", countries_json(rq->lg),
                               "cell_types", cells, "unit_kinds",
                               labels_json(unit_kinds, 4, rq->lg), "member_statuses",
                               labels_json(member_statuses, 4, rq->lg)));
}
