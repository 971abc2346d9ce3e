/*
 * bench/gen.c -- the benchmark's data generator: a deterministic country of
 * party units and members, from a seed and a scale factor (1.0 = about 5.5
 * million members in about 300,000 units).
 *
 * It writes three things into an output directory:
 *   units.sql      INSERTs of the organization tree with the columns the
 *                  store writes (path, depth, ...), to run with the sqlite3
 *                  shell into a database made by `caunoi init` (the bench
 *                  takes this shortcut instead of 300,000 API calls);
 *   members-NNN.csv the members in the importer's format (Vietnamese headers
 *                  of docs/api.md), at most LIMIT_IMPORT_ROWS rows a file;
 *   queries.txt    diacritic-free search queries drawn from the data;
 *   trips.sql      about a million trips over twenty years at full scale
 *                  (INSERTs of the trips' columns with every step's date,
 *                  each member found by CCCD), ending around `--today`:
 *                  most closed with their report on time, some late, some
 *                  missing, drafts and pending decisions ahead, and around
 *                  ten thousand members abroad on the day.
 * Citizen IDs agree with sex and birth year and are unique (a per-bucket
 * counter through a bijection of the six serial digits); card numbers are
 * unique 8-digit numbers (a bijection of the member index). Names follow the
 * weights of src/service/demo_data.c.
 *
 * It must never read the clock or any source of randomness but its seed:
 * two runs with the same arguments write the same bytes. It is a bench tool:
 * it never touches a database itself.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/limits.h"
#include "domain/unit.h"
#include "service/demo_data.h"

/* Members per cell on average; the 5.5 million in ~300,000 units. */
#define GEN_MEMBERS_FULL 5500000.0
#define GEN_PER_CELL     18.0
/* Countries abroad and cells per country at full scale (the issue: ~600
 * units in ~100 countries). */
#define GEN_COUNTRIES    100
#define GEN_CELLS_ABROAD 5
/* Queries written for the search load. */
#define GEN_QUERIES 2000
/* Everyone is dated against this year, never the clock. */
#define GEN_REF_YEAR 2026
/* Trips: per member over the twenty years (the issue: ~1 million for 5.5
 * million members), and the years they span. */
#define GEN_TRIPS_PER_MEMBER 0.18
#define GEN_TRIP_YEARS       20
/* Where members go most (and where the overseas committee has units first);
 * other trips go anywhere, some where no unit exists. */
static const char *const gen_common[] = {
    "JP", "KR", "CN", "TW", "US", "TH", "SG", "MY", "LA", "KH", "FR", "DE", "GB", "AU", "RU",
    "CA", "IT", "CZ", "PL", "HU", "IN", "ID", "PH", "AE", "QA", "SA", "IL", "NZ", "NL", "BE"};
#define GEN_COMMON (sizeof gen_common / sizeof gen_common[0])

typedef struct rng {
    uint64_t s;
} rng;

/* splitmix64: small, fast, good enough for test data. */
static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A weighted table with its cumulative weights, for a binary-search draw. */
typedef struct wtable {
    const demo_name_table *t;
    uint64_t *cum;
    uint64_t total;
} wtable;

static void wtable_init(wtable *w, const demo_name_table *t)
{
    w->t = t;
    w->cum = xmalloc(t->n * sizeof *w->cum);
    w->total = 0;
    for (size_t i = 0; i < t->n; i++) {
        w->total += t->items[i].weight;
        w->cum[i] = w->total;
    }
}

static const demo_name *wtable_pick(const wtable *w, rng *r)
{
    uint64_t x = rng_next(r) % w->total;
    size_t lo = 0, hi = w->t->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (w->cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return &w->t->items[lo];
}

typedef struct cell {
    char code[64];
    int prov; /* index in demo_provinces, -1 abroad */
} cell;

typedef struct gen {
    rng r;
    double scale;
    const char *dir;
    FILE *units;
    cell *cells;
    size_t n_cells, cap_cells;
    long next_id;
    wtable family, mid_m, mid_f, giv_m, giv_f;
    uint32_t *cccd_next; /* per (province code, century-sex digit, yy) */
    rng tr;              /* the trips' own stream: members do not depend on it */
    FILE *trips;
    long n_trips, abroad_now;
    int today; /* days since 1970 of --today */
} gen;

static void add_cell(gen *g, const char *code, int prov)
{
    if (g->n_cells == g->cap_cells) {
        g->cap_cells = g->cap_cells ? g->cap_cells * 2 : 1024;
        g->cells = xrealloc(g->cells, g->cap_cells * sizeof *g->cells);
    }
    snprintf(g->cells[g->n_cells].code, sizeof g->cells[0].code, "%s", code);
    g->cells[g->n_cells].prov = prov;
    g->n_cells++;
}

/* One INSERT; the text values are ours and never hold a quote. Returns the
 * new id; path is written into path_out (the parent's path + id + '/'). */
static long put_unit(gen *g, const char *parent_path, long parent, int depth, const char *kind,
                     const char *code, const char *name, const char *country, const char *ctype,
                     char *path_out, size_t path_cap)
{
    long id = g->next_id++;
    snprintf(path_out, path_cap, "%s%ld/", parent_path, id);
    char par[24] = "NULL", cc[8] = "NULL", ct[24] = "NULL";
    if (parent)
        snprintf(par, sizeof par, "%ld", parent);
    if (country)
        snprintf(cc, sizeof cc, "'%s'", country);
    if (ctype)
        snprintf(ct, sizeof ct, "'%s'", ctype);
    fprintf(g->units,
            "INSERT INTO units (id,parent_id,kind,code,name,path,depth,country,cell_type,"
            "founded_on,created_at,updated_at) VALUES (%ld,%s,'%s','%s','%s','%s',%d,%s,%s,"
            "'2025-07-01','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z');\n",
            id, par, kind, code, name, path_out, depth, cc, ct);
    return id;
}

static size_t scaled(double full, double scale, size_t min)
{
    double v = full * scale + 0.5;
    return v < (double)min ? min : (size_t)v;
}

/* The tree: the central committee, each province with grassroots
 * organizations and their cells, the overseas committee with one
 * grassroots organization per country and its cells. */
static void make_units(gen *g)
{
    static const char *const cell_types[] = {"mission",  "students",  "workers",
                                             "business", "residents", "mixed"};
    char root_path[32], p_path[64], g_path[96], c_path[128], code[32], name[320];
    long root = put_unit(g, "/", 0, 0, "committee", "TW", "Ban Chấp hành Trung ương", NULL, NULL,
                         root_path, sizeof root_path);
    size_t target = scaled(GEN_MEMBERS_FULL / GEN_PER_CELL, g->scale, 50);
    /* About 100 grassroots organizations a province at full scale; fewer
     * and smaller ones below it, so small scales keep cells of ~18. */
    size_t per_prov = scaled(100.0, g->scale >= 1.0 ? g->scale : sqrt(g->scale), 2);
    size_t per_org = target / (demo_provinces_n * per_prov);
    if (per_org < 1)
        per_org = 1;
    for (size_t p = 0; p < demo_provinces_n; p++) {
        const demo_province *pr = &demo_provinces[p];
        long pid = put_unit(g, root_path, root, 1, "committee", pr->code, pr->name, NULL, NULL,
                            p_path, sizeof p_path);
        for (size_t o = 1; o <= per_prov; o++) {
            snprintf(code, sizeof code, "%s.G%03zu", pr->code, o);
            snprintf(name, sizeof name, "Đảng bộ cơ sở số %zu, %s", o, pr->name);
            long oid = put_unit(g, p_path, pid, 2, "grassroots", code, name, NULL, NULL, g_path,
                                sizeof g_path);
            for (size_t c = 1; c <= per_org; c++) {
                char cc[64];
                snprintf(cc, sizeof cc, "%s.C%03zu", code, c);
                snprintf(name, sizeof name, "Chi bộ số %zu", c);
                put_unit(g, g_path, oid, 3, "cell", cc, name, NULL, NULL, c_path, sizeof c_path);
                add_cell(g, cc, (int)p);
            }
        }
    }
    long ov = put_unit(g, root_path, root, 1, "committee", "NN", "Đảng bộ ngoài nước", NULL, NULL,
                       p_path, sizeof p_path);
    size_t cells_abroad = scaled(GEN_CELLS_ABROAD, g->scale, 1);
    size_t done = 0;
    for (size_t k = 0; k < GEN_COMMON + country_count() && done < GEN_COUNTRIES; k++) {
        const char *cc = k < GEN_COMMON ? gen_common[k] : country_code_at(k - GEN_COMMON);
        bool seen = false;
        for (size_t j = 0; k >= GEN_COMMON && j < GEN_COMMON; j++)
            seen = seen || (cc && strcmp(cc, gen_common[j]) == 0);
        if (!cc || seen || strcmp(cc, "VN") == 0)
            continue;
        done++;
        snprintf(code, sizeof code, "NN.%s", cc);
        snprintf(name, sizeof name, "Đảng bộ tại %s", cc);
        long oid =
            put_unit(g, p_path, ov, 2, "grassroots", code, name, cc, NULL, g_path, sizeof g_path);
        for (size_t c = 1; c <= cells_abroad; c++) {
            char cl[64];
            snprintf(cl, sizeof cl, "%s.C%02zu", code, c);
            snprintf(name, sizeof name, "Chi bộ số %zu tại %s", c, cc);
            put_unit(g, g_path, oid, 3, "cell", cl, name, cc, cell_types[c % 6], c_path,
                     sizeof c_path);
            add_cell(g, cl, -1);
        }
    }
}

static int prov_code_index(const char *code3)
{
    for (size_t i = 0; i < demo_cccd_provinces_n; i++)
        if (strcmp(demo_cccd_provinces[i], code3) == 0)
            return (int)i;
    return 0;
}

/* A unique CCCD for (birth province code, sex, birth year). */
static void make_cccd(gen *g, int code_idx, char sex, int year, char out[13])
{
    int digit = (year >= 2000 ? 2 : 0) + (sex == 'F');
    size_t b = ((size_t)code_idx * 4 + (size_t)digit) * 100 + (size_t)(year % 100);
    uint32_t n = g->cccd_next[b]++;
    /* 7919 is prime to 10^6: n -> n*7919+b mod 10^6 is a bijection. */
    uint32_t serial = (uint32_t)(((uint64_t)n * 7919u + b) % 1000000u);
    snprintf(out, 13, "%s%d%02d%06u", demo_cccd_provinces[code_idx], digit, year % 100,
             (unsigned)serial);
}

typedef struct person {
    char sex;
    const demo_name *family, *middle, *given;
    char full[192];
} person;

static void draw_name(gen *g, person *p)
{
    p->sex = rng_below(&g->r, 100) < 62 ? 'M' : 'F';
    bool m = p->sex == 'M';
    p->family = wtable_pick(&g->family, &g->r);
    p->middle = wtable_pick(m ? &g->mid_m : &g->mid_f, &g->r);
    do
        p->given = wtable_pick(m ? &g->giv_m : &g->giv_f, &g->r);
    while (strcmp(p->given->vi, p->middle->vi) == 0);
    snprintf(p->full, sizeof p->full, "%s %s %s", p->family->vi, p->middle->vi, p->given->vi);
}

static FILE *open_out(const gen *g, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", g->dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static void lower_ascii(const char *in, char *out, size_t cap)
{
    size_t i = 0;
    for (; in[i] && i + 1 < cap; i++)
        out[i] = (char)((in[i] >= 'A' && in[i] <= 'Z') ? in[i] - 'A' + 'a' : in[i]);
    out[i] = '\0';
}

/* A query as a person types it: "nguyen van a", "tran thi", "le minh h". */
static void write_query(gen *g, FILE *q, const person *p)
{
    char f[64], m[64], v[64];
    lower_ascii(p->family->ascii, f, sizeof f);
    lower_ascii(p->middle->ascii, m, sizeof m);
    lower_ascii(p->given->ascii, v, sizeof v);
    switch (rng_below(&g->r, 4)) {
    case 0: fprintf(q, "%s %s %c\n", f, m, v[0]); break;
    case 1: fprintf(q, "%s %s\n", f, m); break;
    case 2: fprintf(q, "%s %s %s\n", f, m, v); break;
    default: fprintf(q, "%s %s\n", f, v); break;
    }
}

/* ---- trips ---- */

/* Days since 1970 and back (proleptic Gregorian; Howard Hinnant's civil
 * algorithms), so the generator needs no library clock. */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil(int z, char out[16])
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    snprintf(out, 16, "%04d-%02d-%02d", (y + (m <= 2)) % 10000, (m % 13 + 13) % 13,
             (d % 32 + 32) % 32);
}

/* A date column: 'YYYY-MM-DD' or NULL when the step has not happened. */
static const char *day_sql(int z, char buf[24])
{
    if (z < 0)
        return "NULL";
    char iso[16];
    civil(z, iso);
    snprintf(buf, 24, "'%s'", iso);
    return buf;
}

static const char *const trip_purposes[] = {"official",  "study",   "labour",       "tourism",
                                            "relatives", "medical", "private_other"};

/* A destination: mostly the common ones, sometimes anywhere. */
static const char *destination(rng *r)
{
    if (rng_below(r, 100) < 85)
        return gen_common[rng_below(r, GEN_COMMON)];
    const char *cc;
    do
        cc = country_code_at(rng_below(r, (uint32_t)country_count()));
    while (!cc || strcmp(cc, "VN") == 0);
    return cc;
}

/* One trip of the member with this CCCD. Its story depends on where its
 * dates fall against --today. */
static void put_trip(gen *g, const char *cccd)
{
    rng *r = &g->tr;
    int t = g->today, span = GEN_TRIP_YEARS * 365;
    int dep = t - span + (int)rng_below(r, (uint32_t)span + 60);
    uint32_t u = rng_below(r, 100);
    int len = u < 78   ? 3 + (int)rng_below(r, 18)
              : u < 86 ? 31 + (int)rng_below(r, 60)
              : u < 94 ? 93 + (int)rng_below(r, 268)
                       : 366 + (int)rng_below(r, 735);
    int ret = dep + len;
    const char *purpose = trip_purposes[rng_below(r, 7)];
    const char *state;
    int sub = dep - 20 - (int)rng_below(r, 20), op = sub + 1 + (int)rng_below(r, 4);
    int dec = op + 1 + (int)rng_below(r, 4), adep = -1, aret = -1, rep = -1, rev = -1, ack = -1;
    int since = dec;
    bool refused = false;
    if (sub > t) { /* not yet filed */
        state = "draft", sub = op = dec = -1, since = t;
    } else if (op > t) {
        state = "submitted", op = dec = -1, since = sub;
    } else if (dec > t) {
        state = "cell_reviewed", dec = -1, since = op;
    } else if (rng_below(r, 100) < 2) {
        state = "refused", refused = true;
    } else if (dep > t) {
        state = "approved";
    } else if (ret > t) {
        state = "departed", adep = dep, since = dep;
        g->abroad_now++;
    } else {
        adep = dep, aret = ret, since = ret;
        uint32_t v = rng_below(r, 100);
        int lag = v < 85 ? 1 + (int)rng_below(r, 8) : v < 95 ? 12 + (int)rng_below(r, 30) : -1;
        if (lag < 0 || ret + lag > t) {
            state = "returned";
        } else {
            rep = ret + lag, rev = rep + 1 + (int)rng_below(r, 3),
            ack = rev + 1 + (int)rng_below(r, 3);
            state = ack <= t ? "closed" : rev <= t ? "report_reviewed" : "report_submitted";
            if (ack > t)
                ack = -1;
            if (rev > t)
                rev = -1;
            since = ack >= 0 ? ack : rev >= 0 ? rev : rep;
        }
    }
    /* Filed the day before it was submitted (a draft: today). */
    char b[12][24], at[16], created[16];
    civil(since, at);
    civil(sub >= 0 ? sub - 1 : t, created);
    fprintf(g->trips,
            "INSERT INTO trips (member_id,state,purpose,purpose_detail,planned_departure,"
            "planned_return,payer,decision_number,submitted_on,opinion_on,cell_opinion,decided_on,"
            "decision,decision_reasons,actual_departure,actual_return,report_text,"
            "report_submitted_on,report_reviewed_on,report_opinion,acknowledged_on,state_since,"
            "created_by,created_at,updated_at) SELECT id,'%s','%s',%s,%s,%s,'self',%s,%s,%s,%s,%s,"
            "%s,%s,%s,%s,%s,%s,%s,%s,%s,'%sT00:00:00Z','bench','%sT00:00:00Z','%sT00:00:00Z'"
            " FROM members WHERE cccd='%s';\n"
            "INSERT INTO trip_countries (trip_id,position,country) VALUES (last_insert_rowid(),0,"
            "'%s');\n",
            state, purpose, strcmp(purpose, "private_other") == 0 ? "'Hội thảo'" : "NULL",
            day_sql(dep, b[0]), day_sql(ret, b[1]),
            strcmp(purpose, "official") == 0 ? "'123/QĐ-CQ'" : "NULL", day_sql(sub, b[2]),
            day_sql(op, b[3]), op >= 0 ? "'agree'" : "NULL", day_sql(dec, b[4]),
            dec < 0   ? "NULL"
            : refused ? "'refused'"
                      : "'approved'",
            refused ? "'Chưa phù hợp'" : "NULL", day_sql(adep, b[5]), day_sql(aret, b[6]),
            rep >= 0 ? "'Báo cáo kết quả chuyến đi.'" : "NULL", day_sql(rep, b[7]),
            day_sql(rev, b[8]), rev >= 0 ? "'agree'" : "NULL", day_sql(ack, b[9]), at, created, at,
            cccd, destination(r));
    g->n_trips++;
}

/* The member's trips: most have none, some one, a few several. */
static void put_trips(gen *g, const char *cccd)
{
    double want = GEN_TRIPS_PER_MEMBER;
    uint32_t u = rng_below(&g->tr, 10000);
    int n = u < (uint32_t)(want * 0.8 * 10000) ? 1 : u < (uint32_t)(want * 0.9 * 10000) ? 2 : 0;
    if (u >= 9950)
        n = 3 + (int)rng_below(&g->tr, 4);
    for (int i = 0; i < n; i++)
        put_trip(g, cccd);
}

static void make_members(gen *g)
{
    size_t total = scaled(GEN_MEMBERS_FULL, g->scale, 100);
    FILE *csv = NULL, *q = open_out(g, "queries.txt");
    size_t every = total / GEN_QUERIES ? total / GEN_QUERIES : 1;
    int file_no = 0;
    for (size_t i = 0; i < total; i++) {
        if (i % LIMIT_IMPORT_ROWS == 0) {
            char name[32];
            if (csv)
                fclose(csv);
            snprintf(name, sizeof name, "members-%03d.csv", file_no++);
            csv = open_out(g, name);
            fputs("Họ và tên,Giới tính,Ngày sinh,Số CCCD,Số thẻ đảng viên,Ngày vào Đảng,"
                  "Ngày chính thức,Mã chi bộ,Điện thoại\n",
                  csv);
        }
        person p;
        draw_name(g, &p);
        const cell *c = &g->cells[rng_below(&g->r, (uint32_t)g->n_cells)];
        int by = 1940 + (int)((rng_below(&g->r, 48) + rng_below(&g->r, 48)) / 2) +
                 (int)rng_below(&g->r, 20);
        if (by > GEN_REF_YEAR - 20)
            by = GEN_REF_YEAR - 20;
        int bm = 1 + (int)rng_below(&g->r, 12), bd = 1 + (int)rng_below(&g->r, 28);
        int ay = by + 19 + (int)rng_below(&g->r, 22);
        if (ay > GEN_REF_YEAR - 1)
            ay = GEN_REF_YEAR - 1;
        int am = 1 + (int)rng_below(&g->r, 12), ad = 1 + (int)rng_below(&g->r, 28);
        /* Admitted last year: still on probation (an official date would
         * fall in the future). */
        bool probation = ay == GEN_REF_YEAR - 1;
        int code_idx = c->prov >= 0 && demo_provinces[c->prov].cccd_codes[0]
                           ? prov_code_index(demo_provinces[c->prov].cccd_codes[0])
                           : (int)rng_below(&g->r, (uint32_t)demo_cccd_provinces_n);
        if (rng_below(&g->r, 100) < 20)
            code_idx = (int)rng_below(&g->r, (uint32_t)demo_cccd_provinces_n);
        char cccd[13], official[16] = "";
        make_cccd(g, code_idx, p.sex, by, cccd);
        /* 48271 is prime to 9*10^7: a bijection of the index onto 8 digits. */
        unsigned long card = 10000000ul + (unsigned long)(((uint64_t)i * 48271u) % 90000000u);
        if (!probation)
            snprintf(official, sizeof official, "%04d-%02d-%02d", ay + 1, am, ad);
        fprintf(csv, "%s,%s,%04d-%02d-%02d,%s,%08lu,%04d-%02d-%02d,%s,%s,09%08u\n", p.full,
                p.sex == 'M' ? "Nam" : "Nữ", by, bm, bd, cccd, card, ay, am, ad, official, c->code,
                (unsigned)rng_below(&g->r, 100000000));
        if (i % every == 0)
            write_query(g, q, &p);
        put_trips(g, cccd);
    }
    if (csv)
        fclose(csv);
    fclose(q);
}

int main(int argc, char **argv)
{
    gen g = {0};
    unsigned long long seed = 1;
    const char *today = "2026-11-23";
    g.scale = 0.01;
    g.dir = ".";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--scale") == 0)
            g.scale = strtod(argv[i + 1], NULL);
        else if (strcmp(argv[i], "--out") == 0)
            g.dir = argv[i + 1];
        else if (strcmp(argv[i], "--today") == 0)
            today = argv[i + 1];
        else {
            fprintf(stderr, "usage: gen [--seed N] [--scale F] [--out DIR] [--today YYYY-MM-DD]\n");
            return 2;
        }
    }
    if (!(g.scale > 0.0 && g.scale <= 4.0)) {
        fprintf(stderr, "gen: --scale must be in (0, 4]\n");
        return 2;
    }
    int ty, tm, td;
    if (sscanf(today, "%4d-%2d-%2d", &ty, &tm, &td) != 3 || ty < 2000 || ty > 2100) {
        fprintf(stderr, "gen: --today must be YYYY-MM-DD\n");
        return 2;
    }
    g.today = days_from_civil(ty, tm, td);
    g.r.s = seed;
    g.tr.s = seed ^ 0x9E3779B97F4A7C15ull;
    wtable_init(&g.family, &demo_family_names);
    wtable_init(&g.mid_m, &demo_middle_male);
    wtable_init(&g.mid_f, &demo_middle_female);
    wtable_init(&g.giv_m, &demo_given_male);
    wtable_init(&g.giv_f, &demo_given_female);
    g.cccd_next = xcalloc(demo_cccd_provinces_n * 400, sizeof *g.cccd_next);
    g.next_id = 1;
    g.units = open_out(&g, "units.sql");
    fputs("BEGIN;\n", g.units);
    make_units(&g);
    fputs("COMMIT;\n", g.units);
    fclose(g.units);
    g.trips = open_out(&g, "trips.sql");
    fputs("BEGIN;\n", g.trips);
    make_members(&g);
    fputs("COMMIT;\n", g.trips);
    fclose(g.trips);
    fprintf(stderr,
            "gen: %zu cells, %ld units, %ld trips (%ld abroad on %s), seed %llu, scale %g\n",
            g.n_cells, g.next_id - 1, g.n_trips, g.abroad_now, today, seed, g.scale);
    return 0;
}
