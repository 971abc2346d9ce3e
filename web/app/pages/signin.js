// signin.js -- signing in (login, password, and the two-factor code when
// the account has one) and changing the password (forced at the first
// sign-in with a one-time password). The messages never say whether a login
// exists; a wait or a lock says how long, in Vietnam time. Passwords stay
// in the form's memory only, and are cleared after use.
import { useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call } from '../api.js';
import { fmtVnTime, t } from '../i18n.js';
import { navigate } from '../router.js';
import { getSession, loadMe, signIn } from '../session.js';
import { ErrorSummary, fieldErrors, html, setFlash, TextField, useFocusHeading } from '../ui.js';

// Seconds to wait, from Retry-After (or the error's own field).
function waitSeconds(err) {
  const v = Number(err.body?.error?.retry_after ?? err.headers?.get('Retry-After'));
  return Number.isFinite(v) && v > 0 ? Math.ceil(v) : 1;
}

// When a lock ends: the error's own timestamp, else now + Retry-After.
function lockEnd(err) {
  const e = err.body?.error || {};
  const at = e.locked_until || e.until || err.body?.locked_until;
  if (at) return at;
  const s = Number(err.headers?.get('Retry-After'));
  return Number.isFinite(s) && s > 0 ? new Date(Date.now() + s * 1000).toISOString() : null;
}

// The sign-in answer's problem as {text, field}: a message for the page,
// and the field it belongs beside (null: the top of the form).
function signInProblem(err) {
  switch (err.code) {
    case 'login_failed': return { text: t('login_failed'), field: null };
    case 'totp_invalid':
    case 'totp_format': return { text: t('totp_invalid'), field: 'code' };
    case 'login_throttled': return { text: t('login_throttled', { n: waitSeconds(err) }), field: null };
    case 'login_locked': {
      const end = lockEnd(err);
      return { text: end ? t('login_locked', { until: fmtVnTime(end) }) : t('login_locked_nodate'), field: null };
    }
    default: return { text: err.network ? `${t('offline_title')}. ${t('offline_text')}` : err.message, field: err.field };
  }
}

export function SignInPage({ notice }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [st, setSt] = useState({ busy: false, problem: null, missing: [] });
  const headRef = useFocusHeading(true);
  const alertRef = useRef(null);
  const codeRef = useRef(null);
  const passRef = useRef(null);

  const submit = async (e) => {
    e.preventDefault();
    const missing = [];
    if (!login.trim()) missing.push({ field: 'login', message: t('login_missing') });
    if (!password) missing.push({ field: 'password', message: t('password_missing') });
    if (needCode && !code.trim()) missing.push({ field: 'code', message: t('code_missing') });
    if (missing.length) {
      setSt({ busy: false, problem: null, missing });
      setTimeout(() => alertRef.current?.focus(), 0);
      return;
    }
    setSt({ busy: true, problem: null, missing: [] });
    try {
      // Signed in: the frame replaces #/signin with `next`.
      await signIn(login.trim(), password, needCode ? code.trim() : undefined);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'totp_required') {
        setNeedCode(true);
        setSt({ busy: false, problem: null, missing: [] });
        setTimeout(() => codeRef.current?.focus(), 0);
        return;
      }
      const problem = signInProblem(err);
      if (err.code === 'login_failed') {
        setPassword('');
        setCode('');
      }
      setSt({ busy: false, problem, missing: [] });
      setTimeout(() => (problem.field === 'code' ? codeRef.current : alertRef.current)?.focus(), 0);
    }
  };

  const missingFor = (f) => fieldErrors(st.missing, f);
  const codeErrors = [...missingFor('code'), ...(st.problem?.field === 'code' ? [st.problem.text] : [])];
  const topProblem = st.problem && st.problem.field !== 'code' ? st.problem.text : null;
  return html`<section class="signin-page narrow">
    <h1 tabindex="-1" ref=${headRef}>${t('signin_title')}</h1>
    ${notice && !topProblem && html`<p class="alert alert-info" role="status">${t(`notice_${notice}`)}</p>`}
    ${topProblem && html`<div class="alert alert-error" role="alert" tabindex="-1" ref=${alertRef}>
      <p class="alert-title">${topProblem}</p></div>`}
    ${!topProblem && html`<${ErrorSummary} errors=${st.missing} fields=${['login', 'password', 'code']} refEl=${alertRef} />`}
    <form novalidate onSubmit=${submit} class="signin-form">
      <${TextField} name="login" label=${t('f_login')} value=${login} onInput=${setLogin}
        errors=${missingFor('login')} autocomplete="username" autocapitalize="none" spellcheck="false" maxlength=${64} />
      <${TextField} name="password" label=${t('f_password')} value=${password} onInput=${setPassword} type="password"
        errors=${missingFor('password')} autocomplete="current-password" maxlength=${256} inputRef=${passRef} />
      ${needCode && html`<div class="alert alert-info" role="status">
          <p class="alert-title">${t('totp_needed_title')}</p>
          <p>${t('totp_needed_text')}</p>
        </div>
        <${TextField} name="code" label=${t('f_code')} value=${code} onInput=${setCode}
          hint=${t('h_code')} errors=${codeErrors} autocomplete="one-time-code" autocapitalize="none"
          spellcheck="false" maxlength=${32} inputRef=${codeRef} />`}
      <div class="form-actions">
        <button type="submit" class="button button-wide" disabled=${st.busy}>${st.busy ? t('signing_in') : t('sign_in')}</button>
      </div>
    </form>
    <p class="muted">${t('signin_help')}</p>
  </section>`;
}

const PW_FIELDS = ['current_password', 'new_password', 'new_password_repeat'];

// The API's field names onto the form's ("password" is the new one).
function pwErrors(errs) {
  return (errs || []).map((e) => (e.field === 'password' ? { ...e, field: 'new_password' } : e));
}

export function PasswordRules() {
  return html`<div class="rules" id="pw-rules">
    <p class="rules-title">${t('pw_rules_title')}</p>
    <ul>
      <li>${t('pw_rule_length')}</li>
      <li>${t('pw_rule_common')}</li>
      <li>${t('pw_rule_personal')}</li>
    </ul>
    <p>${t('pw_rule_tip')}</p>
  </div>`;
}

export function PasswordPage({ forced }) {
  const [v, setV] = useState({ current_password: '', new_password: '', new_password_repeat: '' });
  const [st, setSt] = useState({ busy: false, errors: [], failure: null });
  const headRef = useFocusHeading(true);
  const summaryRef = useRef(null);
  const set = (k) => (x) => setV((s) => ({ ...s, [k]: x }));
  const user = getSession().user;

  const submit = async (e) => {
    e.preventDefault();
    const errs = [];
    if (!v.current_password) errs.push({ field: 'current_password', message: t('password_missing') });
    if (!v.new_password) errs.push({ field: 'new_password', message: t('password_missing') });
    else if (v.new_password !== v.new_password_repeat) errs.push({ field: 'new_password_repeat', message: t('pw_mismatch') });
    if (errs.length) {
      setSt({ busy: false, errors: errs, failure: null });
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setSt({ busy: true, errors: [], failure: null });
    try {
      await call('POST', '/me/password', { body: { current_password: v.current_password, new_password: v.new_password } });
      setV({ current_password: '', new_password: '', new_password_repeat: '' });
      if (!forced) setFlash(t('pw_changed'));
      await loadMe();
      // Forced at sign-in: the page asked for (the frame shows it now);
      // otherwise back to the account page.
      if (!forced) navigate('/account');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.errors.length && [400, 401, 403, 422].includes(err.status) && err.errors.some((x) => x.field)) {
        setSt({ busy: false, errors: pwErrors(err.errors), failure: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else {
        setSt({ busy: false, errors: [], failure: err });
      }
    }
  };

  const err = (f) => fieldErrors(st.errors, f);
  return html`<section class="form-page narrow">
    <h1 tabindex="-1" ref=${headRef}>${forced ? t('pw_first_title') : t('pw_title')}</h1>
    ${forced && html`<p class="lead">${t('pw_first_text', { name: user?.display_name || user?.login || '' })}</p>`}
    <${ErrorSummary} errors=${st.errors} fields=${PW_FIELDS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit}>
      <input type="text" hidden name="username" autocomplete="username" value=${user?.login || ''} readonly />
      <${TextField} name="current_password" label=${forced ? t('f_one_time_password') : t('f_current_password')}
        value=${v.current_password} onInput=${set('current_password')} type="password" required=${true}
        hint=${forced ? t('h_one_time_password') : undefined}
        errors=${err('current_password')} autocomplete="current-password" maxlength=${256} />
      <${PasswordRules} />
      <${TextField} name="new_password" label=${t('f_new_password')} value=${v.new_password}
        onInput=${set('new_password')} type="password" required=${true} errors=${err('new_password')}
        autocomplete="new-password" maxlength=${256} />
      <${TextField} name="new_password_repeat" label=${t('f_new_password_repeat')} value=${v.new_password_repeat}
        onInput=${set('new_password_repeat')} type="password" required=${true} errors=${err('new_password_repeat')}
        autocomplete="new-password" maxlength=${256} />
      ${st.failure && html`<div class="alert alert-error" role="alert"><p>${st.failure.message}</p></div>`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('edit_saving') : t('pw_save')}</button>
        ${!forced && html`<a class="button button-secondary" href="#/account">${t('cancel')}</a>`}
      </div>
    </form>
  </section>`;
}
