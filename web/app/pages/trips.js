// trips.js -- the lists of trips abroad: a member's "my trips" (what waits
// for them first, then every trip), a member's trips as staff see them
// (#/trips?member=ID), the open trips of the reader's scope, and the inbox
// of a cell secretary or a committee officer: what waits for them, oldest
// first as the API orders it, overdue ones marked, each with the member's
// other trips a tap away. Lists only what the API answers.
import { useRef, useState } from '/vendor/hooks.module.js';
import { call, qs, reference } from '../api.js';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { getSession, role } from '../session.js';
import { html, LoadError, Loading, takeFlash, useFocusHeading, useLoad } from '../ui.js';
import { isOverdue, TripCard } from './trip-common.js';
import { ListDownloads } from './downloads.js';

const PAGE = 50;

// Load a list page by page: {items, next, loading, error, more()}.
// Shared with the lists of transfers, exemptions, alerts and delegations.
export function usePaged(path, params, deps) {
  const [extra, setExtra] = useState({ items: [], next: null, loading: false, error: null });
  const seq = useRef(0);
  const first = useLoad(async () => {
    seq.current++;
    setExtra({ items: [], next: null, loading: false, error: null });
    const [r, ref] = await Promise.all([call('GET', path + qs({ ...params, limit: PAGE })), reference().catch(() => ({ countries: [] }))]);
    return { items: r.body?.items || [], next: r.body?.next_cursor || null, ref };
  }, deps);
  const next = extra.next ?? (extra.items.length ? null : first.data?.next);
  const more = () => {
    const my = seq.current;
    setExtra((x) => ({ ...x, loading: true, error: null }));
    call('GET', path + qs({ ...params, limit: PAGE, cursor: next })).then(
      (r) => { if (my === seq.current) setExtra((x) => ({ items: x.items.concat(r.body?.items || []), next: r.body?.next_cursor || false, loading: false, error: null })); },
      (error) => { if (my === seq.current) setExtra((x) => ({ ...x, loading: false, error })); },
    );
  };
  return { first, items: (first.data?.items || []).concat(extra.items), next: next || null, extra, more };
}

export function More({ list }) {
  if (!list.next) return null;
  return html`${list.extra.error && html`<${LoadError} error=${list.extra.error} inline=${true} />`}
    <p><button type="button" class="button button-secondary" disabled=${list.extra.loading} onClick=${list.more}>${t('load_more')}</button></p>`;
}

// A member's own trips; staff see a member's (?member=ID), the open trips
// of their scope, or -- the dashboard's links -- the members abroad now
// (?state=abroad), each narrowed to a unit's subtree (?unit=) and a
// country (?country=).
export function TripsPage({ query }) {
  const member = role() === 'member' ? null : query.get('member');
  const mine = role() === 'member';
  const abroad = !mine && !member && query.get('state') === 'abroad';
  const unit = mine || member ? '' : query.get('unit') || '';
  const country = abroad ? query.get('country') || '' : '';
  const params = mine ? {} : member ? { member } : { state: abroad ? 'abroad' : 'open', unit, country };
  const [flash] = useState(takeFlash);
  const list = usePaged('/trips', params, [member, mine, abroad, unit, country]);
  const headRef = useFocusHeading(!list.first.loading);
  if (list.first.error) return html`<${LoadError} error=${list.first.error} retry=${list.first.reload} />`;
  if (list.first.loading && !list.first.data) return html`<${Loading} />`;
  const ref = list.first.data.ref;
  const items = list.items;
  const name = member ? items[0]?.member?.full_name : null;
  const countryName = country ? ref?.countries?.find((c) => c.code === country)?.name || country : '';
  const title = mine ? t('nav_my_trips') : member ? t('trip_member_trips', { name: name || '' })
    : abroad ? (country ? t('trips_abroad_in', { country: countryName }) : t('trips_abroad_title')) : t('trip_open_title');
  const waiting = mine ? items.filter((x) => x.waiting_for === 'member') : [];
  const canFile = mine || (member && ['secretary', 'officer'].includes(role()));
  return html`<section class="trips-page">
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <h1 tabindex="-1" ref=${headRef}>${title}</h1>
    ${mine && html`<p class="lead">${t('trips_intro')}</p>`}
    ${abroad && html`<p class="lead">${t('trips_abroad_intro')}</p>`}
    ${canFile && html`<p><a class="button" href=${mine ? '#/trips/new' : href('/trips/new', { member })}>${t('trip_new')}</a></p>`}
    ${member && html`<p><a href=${href(`/members/${member}`)}>${t('trip_member_record')}</a></p>`}
    ${waiting.length > 0 && html`<section aria-labelledby="trips-todo-h">
      <h2 id="trips-todo-h">${t('trips_todo')}</h2>
      <ul class="cards trip-cards">${waiting.map((x) => html`<${TripCard} key=${x.id} trip=${x} reference=${ref} />`)}</ul>
    </section>`}
    <section aria-labelledby="trips-all-h">
      <h2 id="trips-all-h">${mine ? t('trips_all') : t('trips_list')}</h2>
      ${items.length === 0 ? html`<p>${t('trips_none')}</p>`
      : html`<ul class="cards trip-cards">${items.map((x) => html`<${TripCard} key=${x.id} trip=${x} reference=${ref} showMember=${!mine && !member} />`)}</ul>`}
      <${More} list=${list} />
    </section>
    ${items.length > 0 && !member && html`<${ListDownloads} what="trips" params=${params} />`}
  </section>`;
}

// The member's other trips, loaded when the reader opens them.
function OthersOf({ item, reference: ref }) {
  const [st, setSt] = useState({ open: false, data: null, error: null });
  const toggle = (e) => {
    const open = e.currentTarget.open;
    setSt((s) => ({ ...s, open }));
    if (open && !st.data) {
      call('GET', `/trips${qs({ member: item.member.id, limit: 20 })}`).then(
        (r) => setSt((s) => ({ ...s, data: (r.body?.items || []).filter((x) => x.id !== item.id) })),
        (error) => setSt((s) => ({ ...s, error })),
      );
    }
  };
  return html`<details class="others" onToggle=${toggle}>
    <summary>${t('inbox_others', { name: item.member.full_name })}</summary>
    ${st.error ? html`<${LoadError} error=${st.error} inline=${true} />`
    : !st.data ? (st.open ? html`<${Loading} />` : null)
      : st.data.length === 0 ? html`<p>${t('trip_others_none')}</p>`
        : html`<ul class="cards trip-cards">${st.data.map((x) => html`<${TripCard} key=${x.id} trip=${x} reference=${ref} />`)}</ul>`}
  </details>`;
}

// What waits for the reader, oldest first (the API's order), overdue
// ones first marked; for a secretary, the trips waiting for the cell,
// then those waiting for the member.
export function InboxPage() {
  const list = usePaged('/trips/inbox', {}, [getSession().user?.id]);
  const headRef = useFocusHeading(!list.first.loading);
  if (list.first.error) return html`<${LoadError} error=${list.first.error} retry=${list.first.reload} />`;
  if (list.first.loading && !list.first.data) return html`<${Loading} />`;
  const ref = list.first.data.ref;
  const items = list.items;
  const over = items.filter(isOverdue).length;
  const mineParty = role() === 'secretary' ? 'cell' : role() === 'officer' ? 'committee' : 'member';
  const groups = role() === 'secretary'
    ? [['inbox_for_cell', items.filter((x) => x.waiting_for !== 'member')], ['inbox_for_member', items.filter((x) => x.waiting_for === 'member')]]
    : [['inbox_for_you', items]];
  return html`<section class="inbox-page">
    <h1 tabindex="-1" ref=${headRef}>${t('nav_inbox')}</h1>
    <p class="lead">${t(`inbox_intro_${mineParty}`)}</p>
    ${items.length > 0 && html`<p class="result-count" role="status">${t('inbox_count', { n: items.length })}${over ? ` ${t('inbox_overdue', { n: over })}` : ''}</p>`}
    ${items.length === 0 && html`<p class="alert alert-ok">${t('inbox_empty')}</p>`}
    ${groups.filter(([, g]) => g.length).map(([k, g]) => html`<section key=${k} aria-labelledby=${groups.length > 1 ? `${k}-h` : undefined}>
      ${groups.length > 1 && html`<h2 id=${`${k}-h`}>${t(k)}</h2>`}
      <ul class="inbox-list">${g.map((x) => html`<li key=${x.id} class="inbox-item">
        <ul class="cards trip-cards"><${TripCard} trip=${x} reference=${ref} showMember=${true} /></ul>
        ${x.member && html`<${OthersOf} item=${x} reference=${ref} />`}
      </li>`)}</ul>
    </section>`)}
    <${More} list=${list} />
    <p><a href="#/trips">${t('trip_open_title')}</a></p>
  </section>`;
}
