// account.js -- the signed-in person's own account: name, role, unit; the
// way to change the password; two-factor sign-in (enrol with an
// authenticator app, confirm with a code, see the ten recovery codes once,
// or turn it off). The secret and the recovery codes live only in this
// page's memory and are never stored by the browser.
import { useEffect, useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call } from '../api.js';
import { t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { getSession, loadMe } from '../session.js';
import { fieldErrors, html, LoadError, Loading, takeFlash, TextField, useFocusHeading } from '../ui.js';

// The otpauth link as a QR code for the authenticator app's camera, drawn
// in the browser (npm uqr, copied to /vendor/ by the Makefile) as one SVG
// path: the secret never leaves the page. When the module is not there the
// page shows the key only, which is enough.
function QrCode({ text }) {
  const [path, setPath] = useState(null);
  useEffect(() => {
    let live = true;
    import('/vendor/uqr.module.js').then((m) => {
      const { data } = m.encode(text, { ecc: 'M', border: 2 });
      let d = '';
      data.forEach((row, y) => row.forEach((on, x) => { if (on) d += `M${x} ${y}h1v1h-1z`; }));
      if (live) setPath({ d, size: data.length });
    }, () => {});
    return () => { live = false; };
  }, [text]);
  if (!path) return null;
  return html`<figure class="qr">
    <svg viewBox=${`0 0 ${path.size} ${path.size}`} width="220" height="220" role="img" aria-label=${t('totp_qr_label')}
      shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#ffffff" /><path d=${path.d} fill="#000000" /></svg>
    <figcaption>${t('totp_qr_caption')}</figcaption>
  </figure>`;
}

function Row({ label, children }) {
  return html`<div class="dl-row"><dt>${label}</dt><dd>${children}</dd></div>`;
}

// "JBSW Y3DP EHPK 3PXP" -- easier to read aloud and to type.
export function groups(secret, size = 4) {
  return (String(secret || '').match(new RegExp(`.{1,${size}}`, 'g')) || []).join(' ');
}

export function AccountPage() {
  const [flash] = useState(takeFlash);
  const [me, setMe] = useState(getSession().user);
  const headRef = useFocusHeading(true);
  const reload = () => loadMe().then(() => setMe(getSession().user));
  useEffect(() => { reload(); }, []);
  if (!me) return html`<${Loading} />`;
  return html`<section class="account-page">
    <h1 tabindex="-1" ref=${headRef}>${t('account_title')}</h1>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <dl class="fields">
      <${Row} label=${t('f_display_name')}>${me.display_name}<//>
      <${Row} label=${t('f_login')}><span class="code">${me.login}</span><//>
      <${Row} label=${t('f_role')}>${t(`role_${me.role}`)}<//>
      <${Row} label=${t('f_user_unit')}>${me.unit ? html`${me.unit.name} <span class="code">(${me.unit.code})</span>` : t('unit_whole')}<//>
      ${me.role === 'member' && me.member_id && html`<${Row} label=${t('nav_my_record')}>
        <a href=${href(`/members/${me.member_id}`)}>${t('account_open_record')}</a><//>`}
    </dl>
    <section aria-labelledby="pw-h">
      <h2 id="pw-h">${t('pw_title')}</h2>
      <p>${t('account_pw_text')}</p>
      <p><a class="button button-secondary" href="#/password">${t('pw_title')}</a></p>
    </section>
    <${TotpSection} me=${me} reload=${reload} />
  </section>`;
}

function TotpSection({ me, reload }) {
  const [password, setPassword] = useState('');
  const [st, setSt] = useState({ open: false, busy: false, errors: [], done: false });
  const submit = async (e) => {
    e.preventDefault();
    if (!password) { setSt({ ...st, errors: [{ field: 'password', message: t('password_missing') }] }); return; }
    setSt({ ...st, busy: true, errors: [] });
    try {
      await call('POST', '/me/totp/disable', { body: { password } });
      setPassword('');
      setSt({ open: false, busy: false, errors: [], done: true });
      reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const errs = err.errors.length ? err.errors.map((x) => ({ ...x, field: x.field === 'current_password' ? 'password' : x.field })) : [{ message: err.message }];
      setSt({ ...st, busy: false, errors: errs });
    }
  };
  const other = st.errors.filter((x) => x.field !== 'password').map((x) => x.message);
  return html`<section aria-labelledby="totp-h">
    <h2 id="totp-h">${t('totp_title')}</h2>
    <p>${t('totp_what')}</p>
    ${st.done && html`<p class="alert alert-ok" role="status">${t('totp_disabled')}</p>`}
    ${me.totp_enabled ? html`
      <p class="alert alert-ok"><strong>${t('totp_on')}</strong></p>
      ${!st.open ? html`<p><button type="button" class="button button-secondary" onClick=${() => setSt({ ...st, open: true })}>${t('totp_disable')}</button></p>`
        : html`<form novalidate onSubmit=${submit} class="subform">
          <p>${t('totp_disable_text')}</p>
          <input type="text" hidden name="username" autocomplete="username" value=${me.login} readonly />
          <${TextField} name="password" label=${t('f_password')} value=${password} onInput=${setPassword} type="password"
            errors=${fieldErrors(st.errors, 'password')} autocomplete="current-password" maxlength=${256} />
          ${other.length > 0 && html`<div class="alert alert-error" role="alert"><p>${other.join(' ')}</p></div>`}
          <div class="form-actions">
            <button type="submit" class="button" disabled=${st.busy}>${t('totp_disable')}</button>
            <button type="button" class="button button-secondary" onClick=${() => setSt({ open: false, busy: false, errors: [], done: false })}>${t('cancel')}</button>
          </div>
        </form>`}`
    : html`<p><strong>${t('totp_off')}</strong></p>
      <p><a class="button" href="#/account/totp">${t('totp_enable')}</a></p>`}
  </section>`;
}

// Enrolment: begin (POST /me/totp), confirm a code, then the recovery codes
// once. `forced`: the person's role requires two-factor sign-in, and this is
// the only page they may use until it is on.
export function TotpPage({ forced }) {
  const [step, setStep] = useState({ phase: 'starting', secret: null, uri: null, codes: null, error: null });
  const [code, setCode] = useState('');
  const [errs, setErrs] = useState([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const headRef = useFocusHeading(step.phase !== 'starting');
  const codesRef = useRef(null);

  const begin = () => {
    setStep({ phase: 'starting', secret: null, uri: null, codes: null, error: null });
    call('POST', '/me/totp').then(
      (r) => setStep({ phase: 'scan', secret: r.body?.secret, uri: r.body?.uri, codes: null, error: null }),
      (error) => setStep({ phase: 'failed', secret: null, uri: null, codes: null, error }),
    );
  };
  useEffect(begin, []);

  const confirm = async (e) => {
    e.preventDefault();
    if (!code.trim()) { setErrs([{ field: 'code', message: t('code_missing') }]); return; }
    setBusy(true);
    setErrs([]);
    try {
      const r = await call('POST', '/me/totp/confirm', { body: { code: code.trim() } });
      setCode('');
      setStep({ phase: 'codes', secret: null, uri: null, codes: r.body?.recovery_codes || [], error: null });
      setTimeout(() => codesRef.current?.focus(), 0);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setErrs(err.field === 'code' || ['totp_invalid', 'totp_format'].includes(err.code)
        ? [{ field: 'code', message: t('totp_invalid') }] : [{ field: null, message: err.message }]);
    }
    setBusy(false);
  };

  const finish = async () => {
    await loadMe();
    navigate(forced ? '/' : '/account');
  };

  const title = html`<h1 tabindex="-1" ref=${headRef}>${t('totp_enrol_title')}</h1>`;
  if (step.phase === 'starting') return html`<section>${title}<${Loading} /></section>`;
  if (step.phase === 'failed') return html`<section>${title}<${LoadError} error=${step.error} retry=${begin} inline=${true} /></section>`;
  if (step.phase === 'codes') {
    return html`<section class="totp-page">
      ${title}
      <div class="alert alert-ok" role="status"><p class="alert-title">${t('totp_now_on')}</p></div>
      <h2 tabindex="-1" ref=${codesRef}>${t('recovery_title')}</h2>
      <p>${t('recovery_text')}</p>
      <ol class="recovery-codes">${step.codes.map((c) => html`<li key=${c}><span class="code">${c}</span></li>`)}</ol>
      <div class="form-actions no-print">
        <button type="button" class="button button-secondary" onClick=${() => window.print()}>${t('recovery_print')}</button>
      </div>
      <div class="field check no-print">
        <label class="check-item" for="f-saved">
          <input type="checkbox" id="f-saved" checked=${saved} onChange=${(e) => setSaved(e.currentTarget.checked)} />
          <span>${t('recovery_saved')}</span>
        </label>
      </div>
      <div class="form-actions no-print">
        <button type="button" class="button" disabled=${!saved} onClick=${finish}>${t('recovery_done')}</button>
      </div>
    </section>`;
  }
  const other = errs.filter((x) => x.field !== 'code').map((x) => x.message);
  return html`<section class="totp-page">
    ${title}
    ${forced && html`<p class="alert alert-info">${t('totp_forced')}</p>`}
    <ol class="steps">
      <li>${t('totp_step_app')}</li>
      <li>${t('totp_step_add')}
        <p class="secret-box"><span class="visually-hidden">${t('totp_secret_label')}: </span><span class="code secret">${groups(step.secret)}</span></p>
        <p class="hint">${t('totp_secret_hint')}</p>
        ${step.uri && html`<${QrCode} text=${step.uri} />`}
        ${step.uri && html`<p><a class="button button-secondary" href=${step.uri}>${t('totp_open_app')}</a></p>`}
      </li>
      <li>${t('totp_step_code')}</li>
    </ol>
    <form novalidate onSubmit=${confirm}>
      <${TextField} name="code" label=${t('f_totp_code')} value=${code} onInput=${setCode}
        errors=${fieldErrors(errs, 'code')} autocomplete="one-time-code" inputmode="numeric" maxlength=${12} />
      ${other.length > 0 && html`<div class="alert alert-error" role="alert"><p>${other.join(' ')}</p></div>`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${busy}>${t('totp_confirm')}</button>
        ${!forced && html`<a class="button button-secondary" href="#/account">${t('cancel')}</a>`}
      </div>
    </form>
  </section>`;
}
