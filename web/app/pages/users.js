// users.js -- accounts, for administrators: the list of accounts in their
// subtree, creating one (the one-time password is shown once, to be passed
// on privately), changing role, unit or name, disabling, resetting the
// password (which also unlocks) or the two-factor sign-in; and, for
// administrators of the whole installation, which roles must use
// two-factor sign-in. Every change to an account sends If-Match; a stale
// version is explained with a reload button. Asks for confirmation inline,
// never with a browser dialog.
import { useEffect, useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call, qs } from '../api.js';
import { fmtVnTime, t } from '../i18n.js';
import { href } from '../router.js';
import { can } from '../session.js';
import { CheckField, ChoiceField, ErrorSummary, fieldErrors, html, LoadError, Loading, TextField, useFocusHeading, useLoad } from '../ui.js';

const ROLES = ['member', 'secretary', 'officer', 'admin', 'auditor'];
const PAGE = 50;

function roleOptions() {
  return ROLES.map((r) => ({ value: r, label: `${t(`role_${r}`)}: ${t(`role_${r}_what`)}` }));
}

function locked(u) {
  return u.locked_until && new Date(u.locked_until).getTime() > Date.now();
}

// "Đang dùng", "Đã tắt", "Bị khoá đến …", "Chưa đổi mật khẩu lần đầu".
function userState(u) {
  const s = [];
  if (u.disabled) s.push(t('user_disabled'));
  else if (locked(u)) s.push(t('user_locked', { until: fmtVnTime(u.locked_until) }));
  else s.push(t('user_active'));
  if (u.must_change_password) s.push(t('user_first_pw'));
  if (u.totp_enabled) s.push(t('user_totp_on'));
  return s.join(' · ');
}

function unitText(u) {
  return u.unit ? `${u.unit.name} (${u.unit.code})` : (u.role === 'admin' ? t('unit_whole') : '');
}

export function UsersPage() {
  const [page, setPage] = useState({ items: [], next: null, loading: true, error: null });
  const headRef = useFocusHeading(!page.loading);
  const seq = useRef(0);
  const fetchPage = (cursor) => {
    const my = ++seq.current;
    setPage((p) => ({ ...p, loading: true, error: null }));
    call('GET', `/users${qs({ limit: PAGE, cursor })}`).then(
      (r) => { if (my === seq.current) setPage((p) => ({ items: cursor ? p.items.concat(r.body?.items || []) : (r.body?.items || []), next: r.body?.next_cursor || null, loading: false, error: null })); },
      (error) => { if (my === seq.current) setPage((p) => ({ ...p, loading: false, error })); },
    );
  };
  useEffect(() => fetchPage(null), []);
  if (page.error && page.items.length === 0) return html`<${LoadError} error=${page.error} retry=${() => fetchPage(null)} />`;
  return html`<section class="users-page">
    <h1 tabindex="-1" ref=${headRef}>${t('users_title')}</h1>
    <p class="lead">${t('users_intro')}</p>
    <ul class="link-list actions-row">
      <li><a class="button" href="#/users/new">${t('user_create')}</a></li>
      ${can.installation() && html`<li><a class="button button-secondary" href="#/settings/security">${t('security_title')}</a></li>`}
    </ul>
    ${page.items.length > 0 && html`<table class="stack users-table">
      <thead><tr>
        <th scope="col">${t('f_display_name')}</th><th scope="col">${t('f_login')}</th>
        <th scope="col">${t('f_role')}</th><th scope="col">${t('f_user_unit')}</th><th scope="col">${t('user_state')}</th>
      </tr></thead>
      <tbody>${page.items.map((u) => html`<tr key=${u.id}>
        <td data-label=${t('f_display_name')} class="cell-main"><a href=${href(`/users/${u.id}`)}>${u.display_name || u.login}</a></td>
        <td data-label=${t('f_login')}><span class="code">${u.login}</span></td>
        <td data-label=${t('f_role')}>${t(`role_${u.role}`)}</td>
        <td data-label=${t('f_user_unit')}>${unitText(u)}</td>
        <td data-label=${t('user_state')}>${userState(u)}</td>
      </tr>`)}</tbody>
    </table>`}
    ${!page.loading && page.items.length === 0 && !page.error && html`<p>${t('users_empty')}</p>`}
    ${page.error && html`<${LoadError} inline=${true} error=${page.error} retry=${() => fetchPage(page.next)} />`}
    ${page.loading && html`<${Loading} />`}
    ${page.next && html`<p><button type="button" class="button button-secondary" disabled=${page.loading}
      onClick=${() => fetchPage(page.next)}>${t('load_more')}</button></p>`}
  </section>`;
}

// The one-time password, shown once, with what to do with it.
function OneTimePassword({ user, password, refEl, created }) {
  return html`<div class="alert alert-ok otp-panel" role="status" tabindex="-1" ref=${refEl}>
    <h2 class="alert-title">${created ? t('user_created', { name: user.display_name || user.login }) : t('user_pw_reset_done', { name: user.display_name || user.login })}</h2>
    <dl class="fields">
      <div class="dl-row"><dt>${t('f_login')}</dt><dd><span class="code big-code">${user.login}</span></dd></div>
      <div class="dl-row"><dt>${t('f_one_time_password')}</dt><dd><span class="code big-code">${password}</span></dd></div>
    </dl>
    <p><strong>${t('otp_private')}</strong></p>
    <p>${t('otp_once')}</p>
  </div>`;
}

const USER_FIELDS = ['display_name', 'login', 'role', 'unit_code', 'member_id', 'disabled'];
const UNIT_ALIASES = ['unit_id', 'unit_code', 'unit'];

function normalize(errs) {
  return (errs || []).map((e) => (UNIT_ALIASES.includes(e.field) ? { ...e, field: 'unit_code' } : e));
}

export function UserCreatePage({ query }) {
  const memberId = query.get('member') || '';
  const member = useLoad(async () => (memberId ? (await call('GET', `/members/${encodeURIComponent(memberId)}`)).body : null), [memberId]);
  const [v, setV] = useState({ display_name: '', login: '', role: memberId ? 'member' : 'secretary', unit_code: '', member_id: memberId });
  const [st, setSt] = useState({ busy: false, errors: [], failure: null, done: null });
  const headRef = useFocusHeading(true);
  const summaryRef = useRef(null);
  const doneRef = useRef(null);
  const set = (k) => (x) => setV((s) => ({ ...s, [k]: x }));
  const nameFromMember = member.data?.full_name || '';

  const submit = async (e) => {
    e.preventDefault();
    const body = { display_name: (v.display_name.trim() || nameFromMember), role: v.role };
    if (v.login.trim()) body.login = v.login.trim();
    if (v.role === 'member') {
      const id = Number(v.member_id);
      body.member_id = Number.isInteger(id) && id > 0 ? id : v.member_id;
    } else if (v.unit_code.trim()) body.unit_code = v.unit_code.trim();
    setSt({ busy: true, errors: [], failure: null, done: null });
    try {
      const r = await call('POST', '/users', { body });
      setSt({ busy: false, errors: [], failure: null, done: r.body });
      setTimeout(() => doneRef.current?.focus(), 0);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.errors.length && [400, 409, 422].includes(err.status)) {
        setSt({ busy: false, errors: normalize(err.errors), failure: null, done: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else setSt({ busy: false, errors: [], failure: err, done: null });
    }
  };

  if (st.done) {
    const u = st.done.user || {};
    return html`<section class="form-page">
      <h1 tabindex="-1" ref=${headRef}>${t('user_create')}</h1>
      <${OneTimePassword} user=${u} password=${st.done.one_time_password} refEl=${doneRef} created=${true} />
      <ul class="link-list">
        ${u.id && html`<li><a href=${href(`/users/${u.id}`)}>${t('user_open')}</a></li>`}
        <li><a href="#/users">${t('users_back')}</a></li>
      </ul>
    </section>`;
  }
  const err = (f) => fieldErrors(st.errors, f);
  return html`<section class="form-page">
    <h1 tabindex="-1" ref=${headRef}>${t('user_create')}</h1>
    <p class="lead">${t('user_create_intro')}</p>
    <${ErrorSummary} errors=${st.errors} fields=${USER_FIELDS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit}>
      <${ChoiceField} name="role" label=${t('f_role')} value=${v.role} options=${roleOptions()} onInput=${set('role')} errors=${err('role')} required=${true} />
      ${v.role === 'member' ? html`
        ${member.data ? html`<p class="lead">${t('user_for_member', { name: member.data.full_name })}</p>` : html`
          <${TextField} name="member_id" label=${t('f_member_id')} value=${v.member_id} onInput=${set('member_id')}
            hint=${t('h_member_id')} errors=${err('member_id')} inputmode="numeric" maxlength=${20} required=${true} />`}
        ${member.data && err('member_id').length > 0 && html`<p class="field-error">${err('member_id').join(' ')}</p>`}`
      : html`<${TextField} name="unit_code" label=${t('f_unit_code_user')} value=${v.unit_code} onInput=${set('unit_code')}
          hint=${v.role === 'admin' ? t('h_unit_code_admin') : t('h_unit_code_user')} errors=${err('unit_code')} maxlength=${64} required=${v.role !== 'admin'} />`}
      <${TextField} name="display_name" label=${t('f_display_name')} value=${v.display_name || (v.role === 'member' ? nameFromMember : '')}
        onInput=${set('display_name')} errors=${err('display_name')} maxlength=${200} required=${true} autocomplete="off" />
      <${TextField} name="login" label=${t('f_login')} value=${v.login} onInput=${set('login')} hint=${t('h_login')}
        errors=${err('login')} maxlength=${64} autocapitalize="none" spellcheck="false" />
      ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('edit_saving') : t('user_create')}</button>
        <a class="button button-secondary" href="#/users">${t('cancel')}</a>
      </div>
    </form>
  </section>`;
}

export function UserPage({ id }) {
  const load = useLoad(async () => {
    const r = await call('GET', `/users/${encodeURIComponent(id)}`);
    return { u: r.body, etag: r.etag || `"${r.body.version}"` };
  }, [id]);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  return html`<${UserView} key=${load.data.etag} u=${load.data.u} etag=${load.data.etag} reload=${load.reload} />`;
}

function UserView({ u, etag, reload }) {
  const headRef = useFocusHeading(true);
  const [otp, setOtp] = useState(null);
  const [stale, setStale] = useState(false);
  const [notice, setNotice] = useState(null);
  const otpRef = useRef(null);
  const onStale = () => setStale(true);
  return html`<section class="form-page user-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href="#/users">${t('users_title')}</a></li>
      <li><span aria-current="page">${u.display_name || u.login}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${u.display_name || u.login}</h1>
    <p class="facts">${t(`role_${u.role}`)} · <span class="code">${u.login}</span> · ${userState(u)}</p>
    ${stale && html`<div class="alert alert-error" role="alert">
      <h2 class="alert-title">${t('user_stale_title')}</h2>
      <p>${t('user_stale_text')}</p>
      <p><button type="button" class="button" onClick=${reload}>${t('stale_reload')}</button></p>
    </div>`}
    ${otp && html`<${OneTimePassword} user=${u} password=${otp} refEl=${otpRef} created=${false} />`}
    ${notice && html`<p class="alert alert-ok" role="status">${notice}</p>`}
    ${u.role === 'member' && u.member_id && html`<p><a href=${href(`/members/${u.member_id}`)}>${t('user_member_record')}</a></p>`}
    <${UserEdit} u=${u} etag=${etag} reload=${reload} onStale=${onStale} />
    <section aria-labelledby="sec-h">
      <h2 id="sec-h">${t('user_security')}</h2>
      ${locked(u) && html`<p class="alert alert-warn">${t('user_locked_text', { until: fmtVnTime(u.locked_until) })}</p>`}
      <${Confirmed} label=${locked(u) ? t('user_unlock') : t('user_reset_pw')} text=${t('user_reset_pw_text')}
        action=${() => call('POST', `/users/${u.id}/reset-password`, { headers: { 'If-Match': etag } })}
        onDone=${(r) => { setOtp(r.body?.one_time_password); setTimeout(() => otpRef.current?.focus(), 0); }} onStale=${onStale} />
      ${u.totp_enabled && html`<${Confirmed} label=${t('user_reset_totp')} text=${t('user_reset_totp_text')}
        action=${() => call('POST', `/users/${u.id}/reset-totp`, { headers: { 'If-Match': etag } })}
        onDone=${() => { setNotice(t('user_reset_totp_done')); }} onStale=${onStale} />`}
      ${(otp || notice) && html`<p><button type="button" class="button button-secondary" onClick=${reload}>${t('user_refresh')}</button></p>`}
    </section>
  </section>`;
}

// A button that asks once more inline before acting.
function Confirmed({ label, text, action, onDone, onStale }) {
  const [phase, setPhase] = useState('idle');
  const [error, setError] = useState(null);
  const go = async () => {
    setPhase('busy');
    setError(null);
    try {
      const r = await action();
      setPhase('idle');
      onDone(r);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setPhase('idle');
      if (err.status === 409 || err.status === 412) onStale();
      else setError(err);
    }
  };
  return html`<div class="confirm-block">
    ${phase === 'idle' && html`<p><button type="button" class="button button-secondary" onClick=${() => setPhase('ask')}>${label}</button></p>`}
    ${(phase === 'ask' || phase === 'busy') && html`<div class="alert alert-warn" role="group" aria-label=${label}>
      <p>${text}</p>
      <div class="form-actions">
        <button type="button" class="button" disabled=${phase === 'busy'} onClick=${go}>${label}</button>
        <button type="button" class="button button-secondary" onClick=${() => setPhase('idle')}>${t('cancel')}</button>
      </div>
    </div>`}
    ${error && html`<${LoadError} error=${error} inline=${true} />`}
  </div>`;
}

function UserEdit({ u, etag, reload, onStale }) {
  const initial = { display_name: u.display_name || '', role: u.role, unit_code: u.unit?.code || '', disabled: !!u.disabled };
  const [v, setV] = useState(initial);
  const [st, setSt] = useState({ busy: false, errors: [], failure: null, notice: null });
  const summaryRef = useRef(null);
  const set = (k) => (x) => setV((s) => ({ ...s, [k]: x }));
  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    if (v.display_name.trim() !== initial.display_name) body.display_name = v.display_name.trim();
    if (v.role !== initial.role) body.role = v.role;
    if (v.unit_code.trim() !== initial.unit_code) body.unit_code = v.unit_code.trim();
    if (v.disabled !== initial.disabled) body.disabled = v.disabled;
    if (Object.keys(body).length === 0) { setSt({ busy: false, errors: [], failure: null, notice: t('edit_nochange') }); return; }
    setSt({ busy: true, errors: [], failure: null, notice: null });
    try {
      await call('PATCH', `/users/${u.id}`, { body, headers: { 'If-Match': etag } });
      reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 409 && err.code === 'version_stale') { setSt({ busy: false, errors: [], failure: null, notice: null }); onStale(); return; }
      if (err.errors.length && [400, 409, 422].includes(err.status)) {
        setSt({ busy: false, errors: normalize(err.errors), failure: null, notice: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else setSt({ busy: false, errors: [], failure: err, notice: null });
    }
  };
  const err = (f) => fieldErrors(st.errors, f);
  return html`<section aria-labelledby="edit-h">
    <h2 id="edit-h">${t('user_edit')}</h2>
    <${ErrorSummary} errors=${st.errors} fields=${USER_FIELDS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit}>
      <${TextField} name="display_name" label=${t('f_display_name')} value=${v.display_name} onInput=${set('display_name')}
        errors=${err('display_name')} maxlength=${200} />
      <${ChoiceField} name="role" label=${t('f_role')} value=${v.role} options=${roleOptions()} onInput=${set('role')} errors=${err('role')} />
      ${v.role !== 'member' && html`<${TextField} name="unit_code" label=${t('f_unit_code_user')} value=${v.unit_code}
        onInput=${set('unit_code')} hint=${t('h_unit_code_user')} errors=${err('unit_code')} maxlength=${64} />`}
      <${CheckField} name="disabled" label=${t('f_disabled')} checked=${v.disabled} hint=${t('h_disabled')}
        onInput=${set('disabled')} errors=${err('disabled')} />
      ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
      ${st.notice && html`<p class="alert alert-info" role="status">${st.notice}</p>`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('edit_saving') : t('edit_save')}</button>
      </div>
    </form>
  </section>`;
}

export function SecurityPage() {
  const load = useLoad(async () => {
    const r = await call('GET', '/settings/security');
    return { s: r.body, etag: r.etag };
  }, []);
  const headRef = useFocusHeading(!load.loading);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  return html`<section class="form-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href="#/users">${t('users_title')}</a></li>
      <li><span aria-current="page">${t('security_title')}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${t('security_title')}</h1>
    <${SecurityForm} data=${load.data} />
  </section>`;
}

function SecurityForm({ data }) {
  const initial = { ...(data.s?.totp_required || {}) };
  const [v, setV] = useState(initial);
  const [st, setSt] = useState({ busy: false, failure: null, saved: false });
  const submit = async (e) => {
    e.preventDefault();
    const all = {};
    for (const r of ROLES) all[r] = !!v[r];
    setSt({ busy: true, failure: null, saved: false });
    try {
      const headers = data.etag ? { 'If-Match': data.etag } : {};
      const r = await call('PATCH', '/settings/security', { body: { totp_required: all }, headers });
      if (r.body?.totp_required) setV({ ...r.body.totp_required });
      setSt({ busy: false, failure: null, saved: true });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setSt({ busy: false, failure: err, saved: false });
    }
  };
  return html`<form novalidate onSubmit=${submit}>
    <fieldset class="group">
      <legend>${t('security_totp_legend')}</legend>
      <p class="hint">${t('security_totp_hint')}</p>
      ${ROLES.map((r) => html`<${CheckField} key=${r} name=${`totp_${r}`} label=${t(`role_${r}`)} checked=${!!v[r]}
        onInput=${(x) => setV((s) => ({ ...s, [r]: x }))} />`)}
    </fieldset>
    ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
    ${st.saved && html`<p class="alert alert-ok" role="status">${t('saved')}</p>`}
    <div class="form-actions">
      <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('edit_saving') : t('edit_save')}</button>
    </div>
  </form>`;
}
