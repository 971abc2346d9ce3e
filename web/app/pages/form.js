// form.js -- the member form, for editing (PATCH with If-Match) and for
// creating a member in a unit (POST). Shows each problem the API names
// beside its field and a summary at the top; a stale version (409) is
// explained with a button to reload. Sends only what the person changed.
import { useRef, useState } from '/vendor/hooks.module.js';
import { call, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { Breadcrumb, CheckField, ChoiceField, ErrorSummary, fieldErrors, html, LoadError, Loading, setFlash, TextField, useFocusHeading, useLoad } from '../ui.js';

const TEXT_FIELDS = ['full_name', 'sex', 'birth_date', 'cccd', 'cmnd', 'card_number', 'record_number',
  'admitted_on', 'official_on', 'phone', 'email'];
const DATE_FIELDS = ['birth_date', 'admitted_on', 'official_on', 'unit_change_on'];
// Field names the API may use for the unit.
const UNIT_ALIASES = ['unit_code', 'unit_id', 'unit'];

// Dates are typed as day/month/year (as on Vietnamese forms, whatever the
// browser's locale) and sent as ISO.
function isoToDmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso || '');
}

// "14/3/1985", "14.03.1985", "14-03-1985" or "1985-03-14" -> "1985-03-14";
// null when the text is not a date in one of those forms.
export function dmyToIso(s) {
  const v = s.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return null;
}

// Problems of form (not of rules) found before sending: dates not readable.
function dateErrors(values) {
  const errs = [];
  for (const f of DATE_FIELDS) {
    const v = (values[f] || '').trim();
    if (v !== '' && dmyToIso(v) === null) errs.push({ code: 'date_format', field: f, message: t('date_format') });
  }
  return errs;
}

function outValue(f, v) {
  const s = v.trim();
  return DATE_FIELDS.includes(f) && s !== '' ? dmyToIso(s) : s;
}

function valuesOf(m) {
  const v = {};
  for (const f of TEXT_FIELDS) v[f] = DATE_FIELDS.includes(f) ? isoToDmy(m?.[f]) : (m?.[f] ?? '');
  v.born_abroad = !!m?.born_abroad;
  v.unit_code = m?.unit?.code ?? '';
  v.unit_change_on = '';
  return v;
}

// The fields a person changed, as the PATCH body ("" clears a field).
function changes(initial, values) {
  const body = {};
  for (const f of TEXT_FIELDS) if (values[f].trim() !== initial[f]) body[f] = outValue(f, values[f]);
  if (values.born_abroad !== initial.born_abroad) body.born_abroad = values.born_abroad;
  if (values.unit_code.trim() !== initial.unit_code) {
    body.unit_code = values.unit_code.trim();
    if (values.unit_change_on.trim()) body.unit_change_on = outValue('unit_change_on', values.unit_change_on);
  }
  return body;
}

// The fields of a new member (empty ones left out).
function createBody(values, unitId) {
  const body = { unit_id: unitId, born_abroad: values.born_abroad };
  for (const f of TEXT_FIELDS) if (values[f].trim() !== '') body[f] = outValue(f, values[f]);
  return body;
}

function MemberFields({ values, set, errors, mode }) {
  const err = (...names) => fieldErrors(errors, ...names);
  const text = (name, extra = {}) => html`<${TextField} name=${name} label=${t(`f_${name}`)}
    value=${values[name]} onInput=${(v) => set(name, v)} errors=${err(name)} ...${extra} />`;
  const date = (name, extra = {}) => text(name, { hint: t('h_date'), inputmode: 'text', maxlength: 10, ...extra,
    ...(extra.hint ? { hint: `${t('h_date')} ${extra.hint}` } : {}) });
  return html`
    <fieldset class="group">
      <legend>${t('profile_personal')}</legend>
      ${text('full_name', { required: true, hint: t('h_full_name'), autocomplete: 'name', maxlength: 200 })}
      <${ChoiceField} name="sex" label=${t('f_sex')} value=${values.sex} required=${true}
        options=${[{ value: 'M', label: t('sex_M') }, { value: 'F', label: t('sex_F') }]}
        onInput=${(v) => set('sex', v)} errors=${err('sex')} />
      ${date('birth_date', { required: true, autocomplete: 'bday' })}
      ${text('cccd', { required: mode === 'create', hint: t('h_cccd'), inputmode: 'numeric', maxlength: 20 })}
      <${CheckField} name="born_abroad" label=${t('f_born_abroad')} checked=${values.born_abroad}
        hint=${t('h_born_abroad')} onInput=${(v) => set('born_abroad', v)} errors=${err('born_abroad')} />
      ${text('cmnd', { inputmode: 'numeric', maxlength: 20 })}
      ${text('phone', { type: 'tel', hint: t('h_phone'), autocomplete: 'tel', maxlength: 40 })}
      ${text('email', { type: 'email', autocomplete: 'email', maxlength: 200 })}
    </fieldset>
    <fieldset class="group">
      <legend>${t('profile_party')}</legend>
      ${text('card_number', { maxlength: 40 })}
      ${text('record_number', { maxlength: 40 })}
      ${date('admitted_on', { required: true })}
      ${date('official_on', { hint: t('h_official_on') })}
      ${mode === 'edit' && html`
        <${TextField} name="unit_code" label=${t('f_unit_code')} value=${values.unit_code}
          hint=${t('h_unit_code')} onInput=${(v) => set('unit_code', v)} errors=${err(...UNIT_ALIASES)} maxlength=${64} />
        ${values.unit_code.trim() !== values._initialUnit && date('unit_change_on')}`}
    </fieldset>`;
}

const FORM_FIELDS = [...TEXT_FIELDS, 'born_abroad', 'unit_code', 'unit_change_on'];

// The API's field names onto the form's (unit_id -> unit_code).
// The summary lists them in the order of the form.
function normalizeErrors(errs) {
  const rank = (e) => { const i = FORM_FIELDS.indexOf(e.field); return i < 0 ? FORM_FIELDS.length : i; };
  return (errs || []).map((e) => (UNIT_ALIASES.includes(e.field) ? { ...e, field: 'unit_code' } : e))
    .sort((a, b) => rank(a) - rank(b));
}

function useFormState(initial) {
  const [values, setValues] = useState(initial);
  const set = (name, v) => setValues((s) => ({ ...s, [name]: v }));
  return [values, set, setValues];
}

export function EditPage({ id }) {
  const load = useLoad(async () => {
    const r = await call('GET', `/members/${encodeURIComponent(id)}`);
    return { m: r.body, etag: r.etag || `"${r.body.version}"` };
  }, [id]);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  return html`<${EditForm} key=${load.data.etag} member=${load.data.m} etag=${load.data.etag} reload=${load.reload} />`;
}

function EditForm({ member, etag, reload }) {
  const initial = valuesOf(member);
  const [values, set] = useFormState({ ...initial, _initialUnit: initial.unit_code });
  const [state, setState] = useState({ saving: false, errors: [], stale: false, notice: null, failure: null });
  const summaryRef = useRef(null);
  const staleRef = useRef(null);
  const headRef = useFocusHeading(true);

  const submit = async (e) => {
    e.preventDefault();
    const local = dateErrors(values);
    if (local.length) {
      setState({ saving: false, errors: local, stale: false, notice: null, failure: null });
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    const body = changes(initial, values);
    if (Object.keys(body).length === 0) {
      setState({ saving: false, errors: [], stale: false, notice: t('edit_nochange'), failure: null });
      return;
    }
    setState({ saving: true, errors: [], stale: false, notice: null, failure: null });
    try {
      await call('PATCH', `/members/${member.id}`, { body, headers: { 'If-Match': etag } });
      setFlash(t('saved'));
      navigate(`/members/${member.id}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 409 && err.code === 'version_stale') {
        setState({ saving: false, errors: [], stale: true, notice: null, failure: null });
        setTimeout(() => staleRef.current?.focus(), 0);
      } else if (err.errors.length && (err.status === 400 || err.status === 422 || err.status === 409)) {
        setState({ saving: false, errors: normalizeErrors(err.errors), stale: false, notice: null, failure: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else {
        setState({ saving: false, errors: [], stale: false, notice: null, failure: err });
      }
    }
  };

  return html`<section class="form-page">
    <${Breadcrumb} items=${member.unit ? [member.unit] : []} current=${member.full_name} />
    <h1 tabindex="-1" ref=${headRef}>${t('edit_title', { name: member.full_name })}</h1>
    ${state.stale && html`<div class="alert alert-error" role="alert" tabindex="-1" ref=${staleRef}>
      <h2 class="alert-title">${t('stale_title')}</h2>
      <p>${t('stale_text')}</p>
      <p><button type="button" class="button" onClick=${reload}>${t('stale_reload')}</button></p>
    </div>`}
    <${ErrorSummary} errors=${state.errors} fields=${FORM_FIELDS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit}>
      <${MemberFields} values=${values} set=${set} errors=${state.errors} mode="edit" />
      ${state.failure && html`<${LoadError} error=${state.failure} inline=${true} />`}
      ${state.notice && html`<p class="alert alert-info" role="status">${state.notice}</p>`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${state.saving}>${state.saving ? t('edit_saving') : t('edit_save')}</button>
        <a class="button button-secondary" href=${href(`/members/${member.id}`)}>${t('cancel')}</a>
      </div>
    </form>
  </section>`;
}

export function CreatePage({ query }) {
  const unitId = query.get('unit');
  const load = useLoad(async () => {
    if (!unitId) return null;
    const r = await call('GET', `/units/${encodeURIComponent(unitId)}`);
    return r.body;
  }, [unitId]);
  const headRef = useFocusHeading(!load.loading);
  if (!unitId) {
    return html`<section><h1 tabindex="-1" ref=${headRef}>${t('create_title')}</h1>
      <p>${t('create_pick_unit')}</p><p><a class="button" href="#/">${t('nav_units')}</a></p></section>`;
  }
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  return html`<${CreateForm} unit=${load.data} />`;
}

function CreateForm({ unit }) {
  const [values, set] = useFormState(valuesOf(null));
  const [state, setState] = useState({ saving: false, errors: [], failure: null });
  const summaryRef = useRef(null);
  const headRef = useFocusHeading(true);
  const ancestors = (unit.ancestors || []).filter((a) => a.id !== unit.id).concat([unit]);

  const submit = async (e) => {
    e.preventDefault();
    const local = dateErrors(values);
    if (local.length) {
      setState({ saving: false, errors: local, failure: null });
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setState({ saving: true, errors: [], failure: null });
    try {
      const r = await call('POST', '/members', { body: createBody(values, unit.id) });
      let newId = r.body?.id;
      if (!newId) newId = (r.headers.get('Location') || '').split('/').pop();
      setFlash(t('created'));
      navigate(`/members/${newId}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.errors.length && [400, 409, 422].includes(err.status)) {
        setState({ saving: false, errors: normalizeErrors(err.errors), failure: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else {
        setState({ saving: false, errors: [], failure: err });
      }
    }
  };

  return html`<section class="form-page">
    <${Breadcrumb} items=${ancestors} current=${t('create_title')} />
    <h1 tabindex="-1" ref=${headRef}>${t('create_title')}</h1>
    <p class="lead">${t('create_in', { unit: unit.name })}</p>
    <${ErrorSummary} errors=${state.errors} fields=${FORM_FIELDS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit}>
      <${MemberFields} values=${values} set=${set} errors=${state.errors} mode="create" />
      ${state.failure && html`<${LoadError} error=${state.failure} inline=${true} />`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${state.saving}>${state.saving ? t('edit_saving') : t('create_save')}</button>
        <a class="button button-secondary" href=${href(`/units/${unit.id}`)}>${t('cancel')}</a>
      </div>
    </form>
  </section>`;
}
