/*
 * demo.c -- the demo data set: the party tree since July 2025 and about 300
 * members at home and abroad, generated from a fixed seed.
 *
 * svc_demo_load builds the tree from the tables in demo_data.c (the Central
 * Committee, the central party committees, five of the 34 provinces with
 * their communes, wards and agencies, the Ministry of Foreign Affairs'
 * committee with organizations in fourteen countries), then draws members
 * with a splitmix64 generator: weighted Vietnamese names, birth dates,
 * citizen IDs that agree with sex, century, birth year and home province,
 * unique card numbers, admission and official dates, a few who left or
 * died, phones and e-mails. Every date lies before 1 January of
 * DEMO_REFERENCE_Y and none comes from the clock, so every run writes the
 * same records.
 *
 * Then demo_trips.c files the trips abroad of some of those members, every
 * state of the lifecycle, dated relative to the day of the load (s->today)
 * so that the inboxes are current; a rule set and a delegation with them.
 *
 * The load is one write transaction: a failure part-way (out of memory,
 * disk full, a bug) rolls everything back, so the database stays empty and
 * a new load may simply be tried again.
 *
 * Every record goes through the services' in-transaction use cases
 * (svc_internal.h) as the caller's actor -- the CLI's operator -- so it
 * passes the real validation and leaves its audit entry (unit.create,
 * member.create, member.status), all in the load's one transaction. This
 * file must never write SQL,
 * never use rand() or the clock, and never hide a refused record: a demo
 * record that fails validation is a bug here, reported with its unit code
 * and member number (never a name or ID in the log).
 */
#include "service/svc_internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "core/log.h"
#include "service/demo_data.h"
#include "service/handbook.h"
#include "text/text.h"

/* The seed: "caunoi" in ASCII. Change it and every demo record changes. */
#define DEMO_SEED UINT64_C(0x6361756e6f69)
/* Members drawn: "about 300" (issue 2). */
#define DEMO_MEMBERS 300
/* All dates are set relative to this day, not to the clock. */
#define DEMO_REFERENCE_Y 2026
/* Members are born in these years (admitted at 18 or older). */
#define DEMO_BORN_FIRST 1950
#define DEMO_BORN_LAST  2004
/* Extra weight of a home cell against the cells abroad. */
#define DEMO_HOME_WEIGHT 3

/* ---- the generator ---- */

/* splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): one 64-bit state, good enough for test data
 * and identical on every platform. */
typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (Lemire's multiply-shift; the bias is far below
 * anything test data could show). */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rng_range(rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static bool rng_percent(rng *r, unsigned pct) { return rng_below(r, 100) < pct; }

static const demo_name *rng_name(rng *r, const demo_name_table *t)
{
    unsigned total = 0;
    for (size_t i = 0; i < t->n; i++)
        total += t->items[i].weight;
    uint32_t x = rng_below(r, total);
    for (size_t i = 0; i < t->n; i++) {
        if (x < t->items[i].weight)
            return &t->items[i];
        x -= t->items[i].weight;
    }
    return &t->items[t->n - 1];
}

/* ---- state of one load ---- */

/* A cell that receives members. */
typedef struct slot {
    int64_t unit_id;
    const char *code;            /* for error reports */
    const demo_province *prov;   /* home province, NULL abroad */
    const demo_grassroots *org;  /* the grassroots organization above */
    const demo_country *country; /* NULL at home */
    const char *cell_type;       /* NULL at home */
    int members;                 /* how many to draw */
} slot;

typedef struct gen {
    svc *s;
    error *e;
    member_rules rules; /* of the load's transaction */
    rng r;
    date_t ref; /* DEMO_REFERENCE_Y-01-01 */
    slot *slots;
    size_t n_slots, cap_slots;
    char (*cccds)[CCCD_LEN + 1];
    char (*cards)[9];
    size_t n_ids;
    int counts[4];              /* members by member_status */
    demo_traveller *travellers; /* every member saved, in the order drawn */
    size_t n_travellers;
} gen;

/* ---- errors ---- */

/* A record the services refused. Validation and uniqueness failures are
 * bugs in this generator: "demo_record_invalid" (ST_INTERNAL) naming the
 * record and the first rule it broke, every error logged. Other failures
 * (out of memory, busy, I/O) pass through as they are. */
static status fail_record(gen *g, status st, const errlist *errs, const char *what)
{
    for (size_t i = 0; i < errs->len; i++)
        log_error("demo: %s refused: %s (field %s)", what, errs->items[i].code,
                  errs->items[i].field[0] ? errs->items[i].field : "-");
    const error *first = errs->len ? &errs->items[0] : NULL;
    if (st != ST_INVALID && st != ST_CONFLICT) {
        if (first && g->e)
            *g->e = *first;
        else if (!first) /* the list itself could not grow: say what failed */
            err_set(g->e, st, st == ST_NOMEM ? "out_of_memory" : "internal", NULL, NULL);
        return st;
    }
    return err_setf(g->e, ST_INTERNAL, "demo_record_invalid", first ? first->field : NULL, "%s: %s",
                    what, first ? first->code : "?");
}

/* ---- the tree ---- */

static status make_unit(gen *g, const char *kind, const char *code, const char *name,
                        int64_t parent_id, const char *country, const char *ctype,
                        const char *founded_on, int64_t *id)
{
    unit_input in = {0};
    in.kind = kind;
    in.code = code;
    in.name = name;
    in.parent_id = parent_id;
    in.country = country;
    in.cell_type = ctype;
    in.founded_on = founded_on;
    in.temporary = 0;
    unit out;
    memset(&out, 0, sizeof out);
    errlist errs;
    errlist_init(&errs, 16);
    status st = svc_unit_create_tx(g->s, &in, &out, &errs);
    if (st != ST_OK) {
        char what[LIMIT_CODE_BYTES + 16];
        snprintf(what, sizeof what, "unit %s", code);
        st = fail_record(g, st, &errs, what);
    } else {
        *id = out.id;
    }
    errlist_free(&errs);
    return st;
}

static char *child_code(gen *g, const char *parent, const char *suffix)
{
    char *c = arena_printf(g->s->a, "%s.%s", parent, suffix);
    if (!c)
        err_set(g->e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return c;
}

static void add_slot(gen *g, int64_t unit_id, const char *code, const demo_province *prov,
                     const demo_grassroots *org, const demo_country *country, const char *ctype)
{
    assert(g->n_slots < g->cap_slots);
    slot *sl = &g->slots[g->n_slots++];
    sl->unit_id = unit_id;
    sl->code = code;
    sl->prov = prov;
    sl->org = org;
    sl->country = country;
    sl->cell_type = ctype;
    sl->members = 1;
}

/* The party committee of a commune or ward, by its name (the naming rule
 * is the definition: "Đảng bộ xã ...", "Đảng bộ phường ..."). */
static bool commune_or_ward(const demo_grassroots *o)
{
    static const char *const prefixes[] = {"Đảng bộ xã ", "Đảng bộ phường "};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(o->name, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* One grassroots organization and its cells; each cell becomes a slot. */
static status make_grassroots(gen *g, const demo_grassroots *o, const char *parent_code,
                              int64_t parent_id, const demo_province *prov,
                              const demo_country *country)
{
    const char *cc = country ? country->cc : NULL;
    char *code = child_code(g, parent_code, o->suffix);
    if (!code)
        return ST_NOMEM;
    int64_t id;
    status st = make_unit(g, "grassroots", code, o->name, parent_id, cc, o->cell_type,
                          commune_or_ward(o) ? DEMO_COMMUNES_FOUNDED : NULL, &id);
    for (size_t i = 0; st == ST_OK && i < DEMO_MAX_CELLS && o->cells[i].name; i++) {
        const demo_cell *c = &o->cells[i];
        char *cell_code = child_code(g, code, c->suffix);
        if (!cell_code)
            return ST_NOMEM;
        int64_t cell_id;
        st = make_unit(g, "cell", cell_code, c->name, id, cc, c->cell_type, NULL, &cell_id);
        if (st == ST_OK)
            add_slot(g, cell_id, cell_code, prov, o, country, c->cell_type);
    }
    return st;
}

/* The root and the central committees under it; *overseas_parent is the
 * committee the overseas committee hangs under. */
static status make_center(gen *g, int64_t *root_id, int64_t *overseas_parent)
{
    const demo_central *root = &demo_centrals[0];
    status st =
        make_unit(g, "committee", root->code, root->name, 0, NULL, NULL, root->founded_on, root_id);
    for (size_t i = 1; st == ST_OK && i < demo_centrals_n; i++) {
        const demo_central *c = &demo_centrals[i];
        int64_t id;
        st = make_unit(g, "committee", c->code, c->name, *root_id, NULL, NULL, c->founded_on, &id);
        if (st == ST_OK && strcmp(c->code, demo_overseas_parent_code) == 0)
            *overseas_parent = id;
    }
    return st;
}

/* The overseas committee and its organizations abroad. */
static status make_overseas(gen *g, int64_t parent_id)
{
    assert(parent_id != 0);
    int64_t bng;
    status st = make_unit(g, "committee", demo_overseas_code, demo_overseas_name, parent_id, NULL,
                          NULL, demo_overseas_founded_on, &bng);
    for (size_t i = 0; st == ST_OK && i < demo_countries_n; i++)
        st = make_grassroots(g, &demo_countries[i].org, demo_overseas_code, bng, NULL,
                             &demo_countries[i]);
    return st;
}

static status make_provinces(gen *g, int64_t root_id)
{
    status st = ST_OK;
    for (size_t i = 0; st == ST_OK && i < demo_provinces_n; i++) {
        const demo_province *p = &demo_provinces[i];
        int64_t id;
        st = make_unit(g, "committee", p->code, p->name, root_id, NULL, NULL, p->founded_on, &id);
        for (size_t j = 0; st == ST_OK && j < p->n_orgs; j++)
            st = make_grassroots(g, &p->orgs[j], p->code, id, p, NULL);
    }
    return st;
}

static size_t count_cells(const demo_grassroots *o)
{
    size_t n = 0;
    while (n < DEMO_MAX_CELLS && o->cells[n].name)
        n++;
    return n;
}

static size_t count_all_cells(void)
{
    size_t n = 0;
    for (size_t i = 0; i < demo_provinces_n; i++)
        for (size_t j = 0; j < demo_provinces[i].n_orgs; j++)
            n += count_cells(&demo_provinces[i].orgs[j]);
    for (size_t i = 0; i < demo_countries_n; i++)
        n += count_cells(&demo_countries[i].org);
    return n;
}

/* How many members each cell gets: one each, the rest drawn by weight
 * (cells of students and representative agencies abroad are larger). */
static unsigned slot_weight(const slot *sl)
{
    if (!sl->cell_type)
        return DEMO_HOME_WEIGHT;
    if (strcmp(sl->cell_type, "students") == 0)
        return 4;
    if (strcmp(sl->cell_type, "business") == 0)
        return 2;
    return 3;
}

static void spread_members(gen *g)
{
    assert(g->n_slots <= DEMO_MEMBERS);
    unsigned total = 0;
    for (size_t i = 0; i < g->n_slots; i++)
        total += slot_weight(&g->slots[i]);
    for (size_t k = g->n_slots; k < DEMO_MEMBERS; k++) {
        uint32_t x = rng_below(&g->r, total);
        size_t i = 0;
        while (x >= slot_weight(&g->slots[i])) {
            x -= slot_weight(&g->slots[i]);
            i++;
        }
        g->slots[i].members++;
    }
}

/* ---- members ---- */

/* One member before it is saved. */
typedef struct draft {
    char sex;                                           /* 'M' or 'F' */
    const demo_name *family, *middle, *middle2, *given; /* middle2 may be NULL */
    char full_name[LIMIT_NAME_BYTES];
    date_t birth, admitted, official; /* official DATE_NONE while probationary */
    bool born_abroad;
    char cccd[CCCD_LEN + 1], cmnd[10], card[9], record[10];
    char phone[LIMIT_PHONE_BYTES], email[LIMIT_EMAIL_BYTES + 1];
    member_status fate; /* MS_LEFT or MS_DECEASED, else unchanged */
    date_t fate_on;
} draft;

/* Names the search examples use, at fixed positions in the draw. */
static const demo_name dang = {"Đặng", "dang", 0}, nguyen = {"Nguyễn", "nguyen", 0},
                       van = {"Văn", "van", 0}, an = {"An", "an", 0};
static const struct {
    long at;
    const demo_name *family;
} fixed_names[] = {{DEMO_EXAMPLE_DRAW, &dang}, {150, &nguyen}};

/* Cells whose first member was born abroad (CCCD with a country code). */
static const char *const born_abroad_cells[] = {"BNG.DE.CD-BERLIN", "BNG.CZ.CD-PRAHA"};

static date_t ymd(int y, int m, int d)
{
    date_t t = DATE_NONE;
    bool ok = date_from_ymd(y, m, d, &t);
    assert(ok);
    (void)ok;
    return t;
}

static void draw_name(gen *g, long n, draft *d)
{
    d->sex = rng_percent(&g->r, 62) ? 'M' : 'F';
    d->family = rng_name(&g->r, &demo_family_names);
    bool m = d->sex == 'M';
    d->middle = rng_name(&g->r, m ? &demo_middle_male : &demo_middle_female);
    d->middle2 = NULL;
    if (!m && strcmp(d->middle->vi, "Thị") == 0 && rng_percent(&g->r, 25)) {
        d->middle2 = rng_name(&g->r, &demo_middle_female);
        if (strcmp(d->middle2->vi, "Thị") == 0)
            d->middle2 = NULL;
    }
    do
        d->given = rng_name(&g->r, m ? &demo_given_male : &demo_given_female);
    while (strcmp(d->given->vi, d->middle->vi) == 0 ||
           (d->middle2 && strcmp(d->given->vi, d->middle2->vi) == 0));
    for (size_t i = 0; i < sizeof fixed_names / sizeof fixed_names[0]; i++)
        if (fixed_names[i].at == n) {
            d->sex = 'M';
            d->family = fixed_names[i].family;
            d->middle = &van;
            d->middle2 = NULL;
            d->given = &an;
        }
    snprintf(d->full_name, sizeof d->full_name, "%s %s%s%s %s", d->family->vi, d->middle->vi,
             d->middle2 ? " " : "", d->middle2 ? d->middle2->vi : "", d->given->vi);
}

/* Birth years by the kind of cell: students are young, long-term residents
 * and business people older, home cells span every generation. */
static void birth_years(const slot *sl, int *lo, int *hi)
{
    static const struct {
        const char *type;
        int lo, hi;
    } by_type[] = {
        {"mission", 1966, 1998},  {"students", 1997, DEMO_BORN_LAST},   {"workers", 1985, 2003},
        {"business", 1960, 1992}, {"residents", DEMO_BORN_FIRST, 1990}, {"mixed", 1955, 2000}};
    *lo = DEMO_BORN_FIRST;
    *hi = DEMO_BORN_LAST;
    for (size_t i = 0; sl->cell_type && i < sizeof by_type / sizeof by_type[0]; i++)
        if (strcmp(sl->cell_type, by_type[i].type) == 0) {
            *lo = by_type[i].lo;
            *hi = by_type[i].hi;
        }
}

static date_t day_in_year(gen *g, int y)
{
    return ymd(y, 1, 1) + (date_t)rng_below(&g->r, (uint32_t)(ymd(y + 1, 1, 1) - ymd(y, 1, 1)));
}

/* Birth, admission (18 or older, before the reference date) and official
 * date (12 months and a few weeks later, when that is before the reference
 * date; otherwise still probationary). Some young members were admitted in
 * the last year and are probationary. */
static void draw_dates(gen *g, const slot *sl, draft *d)
{
    int lo, hi;
    birth_years(sl, &lo, &hi);
    if (d->born_abroad) {
        lo = 1988;
        hi = 1998;
    }
    int y = (rng_range(&g->r, lo, hi) + rng_range(&g->r, lo, hi)) / 2;
    d->birth = day_in_year(g, y);
    bool student = sl->cell_type && strcmp(sl->cell_type, "students") == 0;
    int age = MEMBER_MIN_ADMISSION_AGE_YEARS +
              (student ? rng_range(&g->r, 0, 3) : rng_range(&g->r, 0, 7) + rng_range(&g->r, 0, 10));
    date_t adult = date_add_years(d->birth, MEMBER_MIN_ADMISSION_AGE_YEARS);
    date_t last = g->ref - 15;
    d->admitted = date_add_years(d->birth, age) + (date_t)rng_below(&g->r, 365);
    if (y >= 1990 && rng_percent(&g->r, 10))
        d->admitted = ymd(DEMO_REFERENCE_Y - 1, 1, 15) + (date_t)rng_below(&g->r, 320);
    if (d->admitted > last)
        d->admitted = last - (date_t)rng_below(&g->r, 300);
    if (d->admitted < adult)
        d->admitted = adult;
    d->official = date_add_months(d->admitted, MEMBER_PROBATION_MONTHS);
    if (d->official >= g->ref) {
        d->official = DATE_NONE;
        return;
    }
    d->official += (date_t)rng_below(&g->r, 45);
    if (d->official >= g->ref)
        d->official = g->ref - 1;
}

static bool cccd_taken(const gen *g, const char *c)
{
    for (size_t i = 0; i < g->n_ids; i++)
        if (strcmp(g->cccds[i], c) == 0)
            return true;
    return false;
}

static bool card_taken(const gen *g, const char *c)
{
    for (size_t i = 0; i < g->n_ids; i++)
        if (strcmp(g->cards[i], c) == 0)
            return true;
    return false;
}

/* The birth-registration code: born abroad, the country's code; at home
 * mostly the former province the place lay in (or, for a provincial agency,
 * one of the provinces merged into the new one), else any of the 63. */
static const char *birth_code(gen *g, const slot *sl, const draft *d)
{
    if (d->born_abroad)
        return sl->country->birth_code;
    if (sl->prov && rng_percent(&g->r, 80)) {
        if (sl->org->birth_code)
            return sl->org->birth_code;
        if (commune_or_ward(sl->org))
            return sl->prov->cccd_codes[0];
        size_t n = 0;
        while (n < DEMO_MAX_FORMER && sl->prov->cccd_codes[n])
            n++;
        if (n == 1 || rng_percent(&g->r, 65))
            return sl->prov->cccd_codes[0];
        return sl->prov->cccd_codes[1 + rng_below(&g->r, (uint32_t)(n - 1))];
    }
    return demo_cccd_provinces[rng_below(&g->r, (uint32_t)demo_cccd_provinces_n)];
}

/* CCCD: birth code, century-and-sex digit, two digits of the birth year,
 * six drawn digits, unique in the load. */
static void draw_ids(gen *g, const slot *sl, draft *d)
{
    int y, m, dd;
    date_to_ymd(d->birth, &y, &m, &dd);
    int digit = (y >= 2000 ? 2 : 0) + (d->sex == 'F');
    const char *code = birth_code(g, sl, d);
    do
        snprintf(d->cccd, sizeof d->cccd, "%s%d%02d%06u", code, digit, y % 100,
                 (unsigned)rng_below(&g->r, 1000000));
    while (cccd_taken(g, d->cccd));
    do
        snprintf(d->card, sizeof d->card, "%08u", (unsigned)rng_range(&g->r, 10000000, 99999999));
    while (card_taken(g, d->card));
    const demo_province *p =
        sl->prov ? sl->prov : &demo_provinces[rng_below(&g->r, (uint32_t)demo_provinces_n)];
    snprintf(d->record, sizeof d->record, "%06u%s", (unsigned)rng_below(&g->r, 1000000),
             p->record_letters);
    d->cmnd[0] = '\0';
    if (y < 1990 && rng_percent(&g->r, 25))
        snprintf(d->cmnd, sizeof d->cmnd, "%09u", (unsigned)rng_below(&g->r, 1000000000));
    snprintf(g->cccds[g->n_ids], sizeof g->cccds[0], "%s", d->cccd);
    snprintf(g->cards[g->n_ids], sizeof g->cards[0], "%s", d->card);
    g->n_ids++;
}

static void draw_vn_phone(gen *g, draft *d)
{
    const char *p = demo_vn_mobile_prefixes[rng_below(&g->r, (uint32_t)demo_vn_mobile_prefixes_n)];
    snprintf(d->phone, sizeof d->phone, "+84 %s%u %03u %03u", p, (unsigned)rng_below(&g->r, 10),
             (unsigned)rng_below(&g->r, 1000), (unsigned)rng_below(&g->r, 1000));
}

/* A phone for most (a local number abroad for most members there), an
 * e-mail for some, at reserved example domains so no real mailbox is hit. */
static void draw_contact(gen *g, const slot *sl, draft *d)
{
    d->phone[0] = d->email[0] = '\0';
    if (rng_percent(&g->r, 92)) {
        if (sl->country && rng_percent(&g->r, 85)) {
            uint32_t lim = 1;
            for (int i = 0; i < sl->country->phone_digits; i++)
                lim *= 10;
            snprintf(d->phone, sizeof d->phone, "%s %0*u", sl->country->phone_prefix,
                     sl->country->phone_digits, (unsigned)rng_below(&g->r, lim));
        } else {
            draw_vn_phone(g, d);
        }
    }
    bool mission = sl->cell_type && strcmp(sl->cell_type, "mission") == 0;
    if (!rng_percent(&g->r, mission ? 80 : 40))
        return;
    int y, m, dd;
    date_to_ymd(d->birth, &y, &m, &dd);
    if (mission)
        snprintf(d->email, sizeof d->email, "%s%c%c%s@mofa.example", d->given->ascii,
                 d->family->ascii[0], d->middle->ascii[0], d->middle2 ? d->middle2->ascii : "");
    else
        snprintf(d->email, sizeof d->email, "%s%s%s%s%02d@example.com", d->family->ascii,
                 d->middle->ascii, d->middle2 ? d->middle2->ascii : "", d->given->ascii, y % 100);
}

/* A few of the oldest died, a few left the party, each on a fixed date
 * after they became members and before the reference date. */
static void draw_fate(gen *g, const slot *sl, draft *d)
{
    int y, m, dd;
    date_to_ymd(d->birth, &y, &m, &dd);
    d->fate = MS_OFFICIAL;
    d->fate_on = DATE_NONE;
    bool settled = sl->cell_type && (strcmp(sl->cell_type, "business") == 0 ||
                                     strcmp(sl->cell_type, "residents") == 0);
    if (y < 1960 && rng_percent(&g->r, 20))
        d->fate = MS_DECEASED;
    else if (!d->born_abroad && rng_percent(&g->r, settled ? 5 : 2))
        d->fate = MS_LEFT;
    if (d->fate == MS_OFFICIAL)
        return;
    date_t from = (d->official != DATE_NONE ? d->official : d->admitted) + 30;
    date_t floor = ymd(d->fate == MS_DECEASED ? 2019 : 2021, 1, 1);
    if (from < floor)
        from = floor;
    date_t last = g->ref - 15;
    if (from > last)
        from = last;
    d->fate_on = from + (date_t)rng_below(&g->r, (uint32_t)(last - from + 1));
}

static bool born_abroad_cell(const slot *sl)
{
    if (!sl->country || !sl->country->birth_code)
        return false;
    for (size_t i = 0; i < sizeof born_abroad_cells / sizeof born_abroad_cells[0]; i++)
        if (strcmp(sl->code, born_abroad_cells[i]) == 0)
            return true;
    return false;
}

static void draw_member(gen *g, const slot *sl, long n, int k, draft *d)
{
    memset(d, 0, sizeof *d);
    d->born_abroad = k == 0 && born_abroad_cell(sl);
    draw_name(g, n, d);
    draw_dates(g, sl, d);
    draw_ids(g, sl, d);
    draw_contact(g, sl, d);
    draw_fate(g, sl, d);
}

/* Save a drawn member inside the load's transaction, in a context of its
 * own whose arena is released afterwards, then record the fate when there
 * is one. */
static status save_member(gen *g, const slot *sl, long n, const draft *d)
{
    char birth[DATE_ISO_LEN], adm[DATE_ISO_LEN], off[DATE_ISO_LEN];
    date_format(d->birth, birth);
    date_format(d->admitted, adm);
    date_format(d->official, off);
    member_input in = {0};
    in.full_name = d->full_name;
    in.sex = d->sex == 'M' ? "M" : "F";
    in.birth_date = birth;
    in.cccd = d->cccd;
    in.cmnd = d->cmnd[0] ? d->cmnd : NULL;
    in.card_number = d->card;
    in.record_number = d->record;
    in.admitted_on = adm;
    in.official_on = d->official != DATE_NONE ? off : NULL;
    in.phone = d->phone[0] ? d->phone : NULL;
    in.email = d->email[0] ? d->email : NULL;
    in.unit_id = sl->unit_id;
    in.born_abroad = d->born_abroad;

    arena scratch = ARENA_INIT;
    svc local = *g->s;
    local.a = &scratch;
    char what[LIMIT_CODE_BYTES + 32];
    snprintf(what, sizeof what, "member %ld in %s", n, sl->code);
    member out;
    memset(&out, 0, sizeof out);
    errlist errs;
    errlist_init(&errs, 16);
    status st = svc_member_create_tx(&local, &g->rules, &in, &out, &errs);
    if (st != ST_OK) {
        st = fail_record(g, st, &errs, what);
    } else if (d->fate != MS_OFFICIAL) {
        error e1 = {0};
        st = svc_member_set_status_tx(&local, out.id, out.version, d->fate, d->fate_on, &e1);
        if (st != ST_OK) {
            errlist_add(&errs, &e1);
            st = fail_record(g, st, &errs, what);
        }
    }
    if (st == ST_OK)
        g->travellers[g->n_travellers++] = (demo_traveller){.id = out.id,
                                                            .cell_code = sl->code,
                                                            .admitted = d->admitted,
                                                            .at_home = sl->country == NULL,
                                                            .active = d->fate == MS_OFFICIAL};
    if (st == ST_OK)
        g->counts[d->fate != MS_OFFICIAL     ? d->fate
                  : d->official == DATE_NONE ? MS_PROBATIONARY
                                             : MS_OFFICIAL]++;
    errlist_free(&errs);
    arena_free(&scratch);
    return st;
}

static status make_members(gen *g)
{
    status st = ST_OK;
    long n = 0;
    for (size_t i = 0; st == ST_OK && i < g->n_slots; i++)
        for (int k = 0; st == ST_OK && k < g->slots[i].members; k++, n++) {
            draft d;
            draw_member(g, &g->slots[i], n, k, &d);
            st = save_member(g, &g->slots[i], n, &d);
        }
    return st;
}

/* ---- the use case ---- */

static status gen_init(gen *g, svc *s, error *e)
{
    memset(g, 0, sizeof *g);
    g->s = s;
    g->e = e;
    g->r.s = DEMO_SEED;
    g->ref = ymd(DEMO_REFERENCE_Y, 1, 1);
    g->cap_slots = count_all_cells();
    g->slots = arena_alloc_array(s->a, g->cap_slots, sizeof *g->slots);
    g->cccds = arena_alloc_array(s->a, DEMO_MEMBERS, sizeof *g->cccds);
    g->cards = arena_alloc_array(s->a, DEMO_MEMBERS, sizeof *g->cards);
    g->travellers = arena_alloc_array(s->a, DEMO_MEMBERS, sizeof *g->travellers);
    if (!g->slots || !g->cccds || !g->cards || !g->travellers)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return ST_OK;
}

/* The whole load, inside the caller's write transaction. */
static status load_tx(gen *g, svc *s, error *e)
{
    int64_t units = 0;
    status st = store_unit_count(s->db, svc_scope(s), &units, e);
    if (st == ST_OK && units > 0)
        st = err_set(e, ST_CONFLICT, "demo_not_empty", NULL, NULL);
    if (st == ST_OK)
        st = gen_init(g, s, e);
    if (st == ST_OK)
        st = svc_member_rules(s, &g->rules, e);
    int64_t root = 0, overseas_parent = 0;
    if (st == ST_OK)
        st = make_center(g, &root, &overseas_parent);
    if (st == ST_OK)
        st = make_provinces(g, root);
    if (st == ST_OK)
        st = make_overseas(g, overseas_parent);
    if (st != ST_OK)
        return st;
    spread_members(g);
    st = make_members(g);
    demo_trips_out *made = arena_alloc(s->a, sizeof *made);
    if (st == ST_OK && !made)
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (st == ST_OK)
        st = demo_trips_load_tx(s, g->travellers, g->n_travellers, made, e);
    if (st == ST_OK)
        st = demo_transfers_load_tx(s, made, e);
    if (st == ST_OK)
        st = svc_handbook_demo_tx(s, e);
    return st;
}

status svc_demo_load(svc *s, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    gen g;
    st = load_tx(&g, s, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK) {
        store_rollback(s->db);
        return st;
    }
    log_info("demo: %zu cells, %d probationary, %d official, %d left, %d deceased", g.n_slots,
             g.counts[MS_PROBATIONARY], g.counts[MS_OFFICIAL], g.counts[MS_LEFT],
             g.counts[MS_DECEASED]);
    return ST_OK;
}
