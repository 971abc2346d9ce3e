// trip-form.js -- the guided form of a trip abroad, to file a new one
// (POST /trips) or change a draft (PATCH /trips/{id} with If-Match). It
// asks the purpose first, then only what that purpose needs: the sending
// body's decision number for official work (and the reminder to attach the
// decision for official, study and labour trips), what the trip is for
// when the purpose is "other", the reminder of the commitment about
// relatives for a visit to relatives, who pays (and who, when "other").
// What submission still lacks is the API's business (`missing`), shown on
// the trip's page once the draft is saved. Holds no rule of its own
// beyond reading dates typed as day/month/year.
import { useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call, reference } from '../api.js';
import { t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { role } from '../session.js';
import { ChoiceField, ErrorSummary, fieldErrors, html, LoadError, Loading, setFlash, TextField, useFocusHeading, useLoad } from '../ui.js';
import { dmyToIso } from './form.js';
import { PAYERS, PRIVATE, PURPOSES, SENT, TextArea, purposeName, payerName } from './trip-common.js';

const FIELDS = ['purpose', 'purpose_detail', 'decision_number', 'countries', 'planned_departure', 'planned_return', 'payer', 'payer_note', 'delegation_id'];
const DATES = ['planned_departure', 'planned_return'];

function isoToDmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso || '');
}

function valuesOf(trip) {
  return {
    purpose: trip?.purpose || '',
    purpose_detail: trip?.purpose_detail || '',
    decision_number: trip?.decision_number || '',
    countries: Array.isArray(trip?.countries) ? trip.countries.slice() : [],
    planned_departure: isoToDmy(trip?.planned_departure),
    planned_return: isoToDmy(trip?.planned_return),
    payer: trip?.payer || '',
    payer_note: trip?.payer_note || '',
    delegation_id: trip?.delegation?.id ? String(trip.delegation.id) : '',
  };
}

// Which fields the chosen purpose and payer show.
function shown(v) {
  return {
    purpose_detail: v.purpose === 'private_other',
    decision_number: SENT.includes(v.purpose),
    payer_note: v.payer === 'other',
  };
}

// The body to send: for a new trip the fields given; for a draft the
// fields that changed ("" clears one the purpose no longer needs).
function bodyOf(v, base) {
  const show = shown(v);
  const out = {};
  const put = (f, val) => {
    const old = base ? (base[f] ?? '') : '';
    if (base ? val !== old : val !== '') out[f] = val;
  };
  put('purpose', v.purpose);
  for (const f of ['purpose_detail', 'decision_number', 'payer_note']) put(f, show[f] ? v[f].trim() : '');
  for (const f of DATES) put(f, v[f].trim() === '' ? '' : dmyToIso(v[f]));
  put('payer', v.payer);
  const oldC = base?.countries || [];
  if (base ? v.countries.join(',') !== oldC.join(',') : v.countries.length) out.countries = v.countries;
  const oldD = base?.delegation?.id ? String(base.delegation.id) : '';
  if (v.delegation_id !== oldD) out.delegation_id = v.delegation_id ? Number(v.delegation_id) : null;
  return out;
}

function localErrors(v) {
  const errs = [];
  if (!v.purpose) errs.push({ code: 'required', field: 'purpose', message: t('trip_pick_purpose') });
  for (const f of DATES) {
    if (v[f].trim() !== '' && dmyToIso(v[f]) === null) errs.push({ code: 'date_format', field: f, message: t('date_format') });
  }
  return errs;
}

function CountryPicker({ countries, value, onChange, errors }) {
  const [pick, setPick] = useState('');
  const bad = errors?.length > 0;
  const options = (countries || []).filter((c) => c.code !== 'VN' && !value.includes(c.code));
  const add = () => {
    if (pick && !value.includes(pick)) onChange(value.concat([pick]));
    setPick('');
  };
  const nameOf = (c) => countries?.find((x) => x.code === c)?.name || c;
  return html`<fieldset class=${`field${bad ? ' field-invalid' : ''}`} id="f-countries"
      aria-describedby=${bad ? 'f-countries-hint f-countries-error' : 'f-countries-hint'}>
    <legend>${t('f_countries')}</legend>
    <p class="hint" id="f-countries-hint">${t('h_countries')}</p>
    ${bad && html`<p class="field-error" id="f-countries-error"><span class="field-error-prefix">${t('error_prefix')} </span>${errors.join(' ')}</p>`}
    ${value.length > 0 && html`<ul class="chosen-list">${value.map((c) => html`<li key=${c}>
      <span>${nameOf(c)}</span>
      <button type="button" class="button button-secondary button-small"
        onClick=${() => onChange(value.filter((x) => x !== c))}>${t('trip_country_remove', { name: nameOf(c) })}</button>
    </li>`)}</ul>`}
    <label for="f-country-pick">${t('trip_country_pick')}</label>
    <div class="pick-row">
      <select id="f-country-pick" value=${pick} onChange=${(e) => setPick(e.currentTarget.value)}>
        <option value="">${t('trip_country_choose')}</option>
        ${options.map((c) => html`<option key=${c.code} value=${c.code}>${c.name}</option>`)}
      </select>
      <button type="button" class="button button-secondary" onClick=${add} disabled=${!pick}>${t('trip_country_add')}</button>
    </div>
  </fieldset>`;
}

function TripFields({ v, set, errors, countries, delegations }) {
  const err = (f) => fieldErrors(errors, f);
  const show = shown(v);
  const date = (name) => html`<${TextField} name=${name} label=${t(`f_${name}`)} value=${v[name]}
    hint=${t('h_date')} maxlength=${10} onInput=${(x) => set(name, x)} errors=${err(name)} />`;
  return html`
    <${ChoiceField} name="purpose" label=${t('f_purpose')} value=${v.purpose} required=${true}
      options=${PURPOSES.map((p) => ({ value: p, label: purposeName(p) }))}
      onInput=${(x) => set('purpose', x)} errors=${err('purpose')} />
    ${v.purpose && html`<div class="subform">
      ${PRIVATE.includes(v.purpose) && html`<p class="hint">${t('trip_private_note')}</p>`}
      ${show.purpose_detail && html`<${TextField} name="purpose_detail" label=${t('f_purpose_detail')} value=${v.purpose_detail}
        hint=${t('h_purpose_detail')} maxlength=${500} onInput=${(x) => set('purpose_detail', x)} errors=${err('purpose_detail')} />`}
      ${show.decision_number && html`<${TextField} name="decision_number" label=${t('f_decision_number')} value=${v.decision_number}
        hint=${v.purpose === 'official' ? t('h_decision_number') : t('h_decision_number_opt')} maxlength=${100}
        onInput=${(x) => set('decision_number', x)} errors=${err('decision_number')} />`}
      ${SENT.includes(v.purpose) && html`<p class="rules">${t('trip_needs_sending_decision')}</p>`}
      ${v.purpose === 'relatives' && html`<p class="rules">${t('trip_needs_commitment')}</p>`}
    </div>`}
    <${CountryPicker} countries=${countries} value=${v.countries} onChange=${(x) => set('countries', x)} errors=${err('countries')} />
    ${date('planned_departure')}
    ${date('planned_return')}
    <${ChoiceField} name="payer" label=${t('f_payer')} value=${v.payer}
      options=${PAYERS.map((p) => ({ value: p, label: payerName(p) }))}
      onInput=${(x) => set('payer', x)} errors=${err('payer')} />
    ${show.payer_note && html`<${TextArea} name="payer_note" label=${t('f_payer_note')} value=${v.payer_note} rows=${2}
      maxlength=${500} onInput=${(x) => set('payer_note', x)} errors=${err('payer_note')} />`}
    ${delegations?.length > 0 && html`<div class=${`field${err('delegation_id').length ? ' field-invalid' : ''}`}>
      <label for="f-delegation_id">${t('f_delegation')}</label>
      <p class="hint" id="f-delegation_id-hint">${t('h_delegation')}</p>
      <select id="f-delegation_id" value=${v.delegation_id} aria-describedby="f-delegation_id-hint" onChange=${(e) => set('delegation_id', e.currentTarget.value)}>
        <option value="">${t('trip_alone')}</option>
        ${delegations.map((d) => html`<option key=${d.id} value=${String(d.id)}>${d.name}</option>`)}
      </select>
    </div>`}`;
}

function sortErrors(errs) {
  const rank = (e) => { const i = FIELDS.indexOf(e.field); return i < 0 ? FIELDS.length : i; };
  return (errs || []).slice().sort((a, b) => rank(a) - rank(b));
}

// The form itself; `trip` and `etag` when changing a draft, `memberId`
// (staff filing for a member) when creating.
function TripForm({ trip, etag, memberId, countries, memberName, delegations }) {
  const [v, setV] = useState(valuesOf(trip));
  const set = (name, x) => setV((s) => ({ ...s, [name]: x }));
  const [st, setSt] = useState({ saving: false, errors: [], failure: null });
  const summaryRef = useRef(null);
  const headRef = useFocusHeading(true);
  const fail = (errors, failure = null) => {
    setSt({ saving: false, errors: sortErrors(errors), failure });
    if (errors.length) setTimeout(() => summaryRef.current?.focus(), 0);
  };
  const submit = async (e) => {
    e.preventDefault();
    const local = localErrors(v);
    if (local.length) { fail(local); return; }
    const body = bodyOf(v, trip);
    setSt({ saving: true, errors: [], failure: null });
    try {
      let id = trip?.id;
      if (trip) {
        if (Object.keys(body).length) await call('PATCH', `/trips/${trip.id}`, { body, headers: { 'If-Match': etag } });
      } else {
        if (memberId) body.member_id = Number(memberId);
        const r = await call('POST', '/trips', { body });
        id = r.body?.id;
      }
      setFlash(t(trip ? 'trip_saved' : 'trip_created'));
      navigate(`/trips/${id}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.errors.length && [400, 409, 422].includes(err.status) && err.code !== 'version_stale') fail(err.errors);
      else fail([], err);
    }
  };
  const title = trip ? t('trip_edit_title') : t('trip_new_title');
  return html`<section class="form-page trip-form">
    <h1 tabindex="-1" ref=${headRef}>${title}</h1>
    ${memberName && html`<p class="lead">${t('trip_for_member', { name: memberName })}</p>`}
    <p>${t('trip_form_intro')}</p>
    <${ErrorSummary} errors=${st.errors} fields=${FIELDS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit}>
      <${TripFields} v=${v} set=${set} errors=${st.errors} countries=${countries} delegations=${delegations} />
      ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.saving}>${st.saving ? t('edit_saving') : t('trip_save_draft')}</button>
        <a class="button button-secondary" href=${trip ? href(`/trips/${trip.id}`) : '#/trips'}>${t('cancel')}</a>
      </div>
    </form>
  </section>`;
}

// The delegations a secretary or officer may put the trip in (members
// do not list delegations: their secretary does it).
function delegationsFor() {
  if (!['secretary', 'officer'].includes(role())) return Promise.resolve([]);
  return call('GET', '/delegations?limit=100').then((r) => r.body?.items || [], () => []);
}

// #/trips/new (a member files for themselves) and #/trips/new?member=ID
// (a secretary or officer files on a member's behalf).
export function TripNewPage({ query }) {
  const memberId = role() === 'member' ? null : query.get('member');
  const load = useLoad(async () => {
    const ref = await reference().catch(() => ({ countries: [] }));
    let name = null;
    if (memberId) {
      const r = await call('GET', `/members/${encodeURIComponent(memberId)}`);
      name = r.body?.full_name || null;
    }
    return { countries: ref?.countries || [], name, delegations: await delegationsFor() };
  }, [memberId]);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  return html`<${TripForm} memberId=${memberId} countries=${load.data.countries} memberName=${load.data.name} delegations=${load.data.delegations} />`;
}

// #/trips/ID/edit: change a draft.
export function TripEditPage({ id }) {
  const load = useLoad(async () => {
    const [r, ref] = await Promise.all([call('GET', `/trips/${encodeURIComponent(id)}`), reference().catch(() => ({ countries: [] }))]);
    return { trip: r.body, etag: r.etag || `"${r.body.version}"`, countries: ref?.countries || [], delegations: await delegationsFor() };
  }, [id]);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  const { trip, etag, countries, delegations } = load.data;
  return html`<${TripForm} key=${etag} trip=${trip} etag=${etag} countries=${countries} delegations=${delegations} memberName=${role() === 'member' ? null : trip.member?.full_name} />`;
}
