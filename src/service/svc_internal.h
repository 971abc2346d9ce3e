/*
 * svc_internal.h -- helpers the service files share: transactions around a
 * use case, error plumbing between `error` and `errlist`, the member rules
 * of the day, the derived search columns, and the opaque cursors.
 * Nothing outside src/service/ includes this file.
 */
#ifndef CAUNOI_SVC_INTERNAL_H
#define CAUNOI_SVC_INTERNAL_H

#include "service/service.h"
#include "store/store.h"
#include "text/text.h"

struct svc_conn {
    db *db;
    text_collator *coll;
};

/* The actor's scope path ("/" for the operator). */
const char *svc_scope(const svc *s);
/* ST_OK when the context is usable (svc_init succeeded, scope well formed). */
status svc_ready(const svc *s, error *e);

/* Copy *e into errs (when given) and return its status. */
status svc_push(errlist *errs, const error *e);
/* The status of a list of refusals: a machine failure (memory, database)
 * in it, else its first error's. Every refusal records an error, so an
 * empty list means the list could not grow: ST_NOMEM (ST_INVALID when
 * errs is NULL or dropped past its limit). */
status svc_errs_status(const errlist *errs);

/* The rules of the day: today and the card pattern from settings. */
status svc_member_rules(svc *s, member_rules *r, error *e);
/* name_lower, name_folded and the Vietnamese sort key of a record. */
status svc_member_index(svc *s, const member *m, member_index *ix, error *e);

/* Parse an optional ISO date: NULL or "" gives `dflt`; bad text is
 * ST_INVALID "date_invalid" on `field`. */
status svc_parse_date(const char *in, date_t dflt, const char *field, date_t *out, error *e);
/* ISO text of a date, in the arena ("" for DATE_NONE). */
const char *svc_date_iso(svc *s, date_t t);

/* base64url without padding; the decoder refuses anything else and more
 * than LIMIT_CURSOR characters. */
char *svc_b64url_encode(arena *a, const void *p, size_t n);
bool svc_b64url_decode(arena *a, const char *s, unsigned char **out, size_t *n);

/* Sort units by name in Vietnamese order (ties by id). */
void svc_sort_units(svc *s, unit *items, size_t n);

/* Resolve in->unit_id or in->unit_code within the actor's scope onto m
 * (unit_id, unit_code, unit_name); without either, a new record is refused
 * ("required") and an update keeps base's unit. A dissolved unit takes no
 * new members ("member_unit_dissolved"). Errors go to errs. */
status svc_member_resolve_unit(svc *s, const member_input *in, const member *base, member *m,
                               errlist *errs);

/* True when the two records hold the same values in every field a person
 * sets (name, sex, dates, identifiers, unit, contact): saving `b` over `a`
 * would change nothing, so the caller writes nothing. */
bool svc_member_same(const member *a, const member *b);

/* The use cases inside the caller's transaction (store_begin_write ...
 * store_commit), so that several make one all-or-nothing change: the
 * public svc_* function of each opens its own transaction around it; the
 * importer and the demo load open one for all their records. Errors as
 * the public function's; on failure the caller rolls back.
 *
 * svc_unit_create_tx: `out` is the unit as inserted (id and version set;
 * reload it for its path and counts). */
status svc_unit_create_tx(svc *s, const unit_input *in, unit *out, errlist *errs);
/* svc_member_create_tx: normalize `in` with the rules `r`, resolve its unit
 * and insert; `m` is the record as inserted (id and version set). */
status svc_member_create_tx(svc *s, const member_rules *r, const member_input *in, member *m,
                            errlist *errs);
/* svc_member_set_status_tx: to left or deceased on `on`, closing the open
 * official period that day. */
status svc_member_set_status_tx(svc *s, int64_t id, int64_t expected_version, member_status to,
                                date_t on, error *e);

/* Create a member inside the caller's transaction (import and create share
 * it): unit already resolved into m->unit_id. */
status svc_member_insert_tx(svc *s, member *m, errlist *errs);
/* Update `m` (normalized from base) inside the caller's transaction,
 * moving its official period when the unit changes on `change_on`, and
 * the start of its first official period with a changed admission date
 * ("member_admission_period" when that period ended before the new date). */
status svc_member_update_tx(svc *s, const member *base, member *m, date_t change_on, errlist *errs);

/* The columns of the member CSV (docs/api.md, "Imports"), in the export's
 * order: Vietnamese and English headers, the API field, required or not. */
typedef enum svc_col {
    SVC_COL_FULL_NAME,
    SVC_COL_SEX,
    SVC_COL_BIRTH,
    SVC_COL_CCCD,
    SVC_COL_BORN_ABROAD,
    SVC_COL_CMND,
    SVC_COL_CARD,
    SVC_COL_RECORD,
    SVC_COL_ADMITTED,
    SVC_COL_OFFICIAL,
    SVC_COL_UNIT,
    SVC_COL_PHONE,
    SVC_COL_EMAIL,
    SVC_COL_COUNT
} svc_col;
typedef struct svc_column {
    const char *vi, *en, *field;
    bool required;
} svc_column;
extern const svc_column svc_columns[SVC_COL_COUNT];

#endif
