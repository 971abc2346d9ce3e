// ui.js -- the small shared pieces every page uses: htm bound to Preact, the
// data-loading hook, loading/error/not-found blocks, breadcrumb, status badge
// and the labelled form fields. Text is always rendered as text (no
// dangerouslySetInnerHTML anywhere).
import { h } from '/vendor/preact.module.js';
import { useCallback, useEffect, useRef, useState } from '/vendor/hooks.module.js';
import htm from '/vendor/htm.module.js';
import { t } from './i18n.js';
import { href } from './router.js';
import { isAbove, role } from './session.js';

export const html = htm.bind(h);

// Run an async loader when deps change; {data, error, loading, reload}.
// A stale answer (deps changed meanwhile) is dropped.
export function useLoad(fn, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const my = ++seq.current;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    fn().then(
      (data) => { if (my === seq.current) setState({ data, error: null, loading: false }); },
      (error) => { if (my === seq.current) setState({ data: null, error, loading: false }); },
    );
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

// Put the keyboard focus on the page's heading when a page opens, so a
// screen reader announces it and Tab starts from the top of the content.
export function useFocusHeading(ready) {
  const ref = useRef(null);
  useEffect(() => {
    if (ready && ref.current && document.activeElement === document.body) ref.current.focus();
  }, [ready]);
  return ref;
}

// A message shown once on the next page (after a save).
let flash = null;
export function setFlash(msg) { flash = msg; }
export function takeFlash() { const f = flash; flash = null; return f; }

export function Loading() {
  return html`<p class="loading" role="status">${t('loading')}</p>`;
}

export function NotFound() {
  const ref = useFocusHeading(true);
  return html`<section class="notfound">
    <h1 tabindex="-1" ref=${ref}>${t('notfound_title')}</h1>
    <p>${t('notfound_text')}</p>
    <p><a class="button" href="#/">${t('notfound_home')}</a></p>
  </section>`;
}

// "You may not do this": the person's role may not call that endpoint.
export function Forbidden({ inline }) {
  const ref = useFocusHeading(!inline);
  return html`<div class="alert alert-error" role="alert">
    ${inline ? html`<p class="alert-title">${t('forbidden_title')}</p>`
      : html`<h1 class="alert-title" tabindex="-1" ref=${ref}>${t('forbidden_title')}</h1>`}
    <p>${t('forbidden_text')}</p>
    ${!inline && html`<p><a class="button" href="#/">${t('forbidden_home')}</a></p>`}
  </div>`;
}

// A failed load: not found, not allowed, cannot reach the server, or the
// server's message. `inline`: part of a page that has its own heading (no
// h1, no not-found page).
export function LoadError({ error, retry, inline }) {
  if (error?.status === 404 && !inline) return html`<${NotFound} />`;
  if (error?.status === 403 && error?.code === 'forbidden') return html`<${Forbidden} inline=${inline} />`;
  const title = error?.network ? t('offline_title') : error?.message || t('server_error');
  return html`<div class="alert alert-error" role="alert">
    ${inline ? html`<p class="alert-title">${title}</p>` : html`<h1 class="alert-title">${title}</h1>`}
    ${error?.network && html`<p>${t('offline_text')}</p>`}
    ${retry && html`<p><button type="button" class="button" onClick=${retry}>${t('retry')}</button></p>`}
  </div>`;
}

// Home, then the given units ([{id, name}], root first), then the current
// page's name (not a link). Units above the person's own unit are left out
// (outside their scope); a member, who sees no unit pages, gets none.
export function Breadcrumb({ items, current }) {
  if (role() === 'member') return null;
  const shown = items.filter((a) => !isAbove(a.id));
  return html`<nav class="breadcrumb" aria-label=${t('breadcrumb_label')}>
    <ol>
      <li><a href=${role() === 'officer' ? '#/units' : '#/'}>${role() === 'secretary' ? t('nav_my_cell') : t('nav_units')}</a></li>
      ${shown.map((a) => html`<li key=${a.id}><a href=${href(`/units/${a.id}`)}>${a.name}</a></li>`)}
      ${current && html`<li><span aria-current="page">${current}</span></li>`}
    </ol>
  </nav>`;
}

export function StatusBadge({ status }) {
  if (!status) return null;
  return html`<span class=${`badge badge-${status}`}>${t(`status_${status}`)}</span>`;
}

export function kindName(kind) {
  const s = t(`kind_${kind}`);
  return s.startsWith('kind_') ? kind : s;
}

// The problems for one field, from an ApiError's errors array.
export function fieldErrors(errors, ...names) {
  return (errors || []).filter((e) => names.includes(e.field)).map((e) => e.message).filter(Boolean);
}

function describedBy(id, hint, errs) {
  const ids = [];
  if (hint) ids.push(`${id}-hint`);
  if (errs?.length) ids.push(`${id}-error`);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldError({ id, errors }) {
  if (!errors?.length) return null;
  return html`<p class="field-error" id=${`${id}-error`}>
    <span class="field-error-prefix">${t('error_prefix')} </span>${errors.join(' ')}
  </p>`;
}

function LabelText({ label, required }) {
  return html`${label}${required && html` <span class="req">(${t('required')})</span>`}`;
}

// A labelled text or date input with its hint and its errors beside it.
export function TextField({ name, label, value, onInput, hint, errors, required, type = 'text', inputmode, autocomplete, maxlength, autocapitalize, spellcheck, inputRef }) {
  const id = `f-${name}`;
  const bad = errors?.length > 0;
  return html`<div class=${`field${bad ? ' field-invalid' : ''}`}>
    <label for=${id}><${LabelText} label=${label} required=${required} /></label>
    ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
    <${FieldError} id=${id} errors=${errors} />
    <input id=${id} name=${name} type=${type} value=${value ?? ''}
      inputmode=${inputmode} autocomplete=${autocomplete || 'off'} maxlength=${maxlength}
      autocapitalize=${autocapitalize} spellcheck=${spellcheck} ref=${inputRef}
      aria-invalid=${bad ? 'true' : undefined} aria-required=${required ? 'true' : undefined}
      aria-describedby=${describedBy(id, hint, errors)}
      onInput=${(e) => onInput(e.currentTarget.value)} />
  </div>`;
}

// Radio buttons in a fieldset: options [{value, label}].
export function ChoiceField({ name, label, value, options, onInput, errors, required }) {
  const id = `f-${name}`;
  const bad = errors?.length > 0;
  return html`<fieldset class=${`field choice${bad ? ' field-invalid' : ''}`} id=${id}
      aria-describedby=${bad ? `${id}-error` : undefined}>
    <legend><${LabelText} label=${label} required=${required} /></legend>
    <${FieldError} id=${id} errors=${errors} />
    <div class="choices">
      ${options.map((o) => html`<label key=${o.value} class="choice-item">
        <input type="radio" name=${name} value=${o.value} checked=${value === o.value}
          onChange=${() => onInput(o.value)} />
        <span>${o.label}</span>
      </label>`)}
    </div>
  </fieldset>`;
}

export function CheckField({ name, label, checked, onInput, hint, errors }) {
  const id = `f-${name}`;
  const bad = errors?.length > 0;
  return html`<div class=${`field check${bad ? ' field-invalid' : ''}`}>
    <${FieldError} id=${id} errors=${errors} />
    <label class="check-item" for=${id}>
      <input type="checkbox" id=${id} name=${name} checked=${!!checked}
        aria-invalid=${bad ? 'true' : undefined} aria-describedby=${describedBy(id, hint, errors)}
        onChange=${(e) => onInput(e.currentTarget.checked)} />
      <span>${label}</span>
    </label>
    ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
  </div>`;
}

// Summary of the form's problems, at the top. A problem of a field on the
// form is named by the field's label (f_<field> in the strings, or the
// form's own `labels`) and links to it; others (no field, or one the form does not show) are
// plain text here and nowhere else.
export function ErrorSummary({ errors, fields, refEl, labels }) {
  if (!errors?.length) return null;
  const focus = (ev, field) => {
    ev.preventDefault();
    const el = document.getElementById(`f-${field}`);
    (el?.tagName === 'FIELDSET' ? el.querySelector('input') : el)?.focus();
  };
  return html`<div class="alert alert-error" role="alert" tabindex="-1" ref=${refEl}>
    <p class="alert-title">${t('errors_summary', { n: errors.length })}</p>
    <ul>
      ${errors.map((e, i) => html`<li key=${i}>${e.field && fields?.includes(e.field)
        ? html`<a href=${`#f-${e.field}`} onClick=${(ev) => focus(ev, e.field)}>${labels?.[e.field] || t(`f_${e.field}`)}: ${e.message}</a>`
        : e.message}</li>`)}
    </ul>
  </div>`;
}
