// trip-print.js -- the printable application for a trip abroad (Đơn đề
// nghị ra nước ngoài) and the post-trip report (Báo cáo kết quả ra nước
// ngoài), laid out in the party document frame of DOCUMENTS.md (profile
// party-hd36): the superior and issuing bodies top left with the "*", the
// party's name top right with its rule, place and date in italics, the
// title and summary, the body, the signer, and the opinion blocks of the
// cell (T/M CHI BỘ) and of the committee (T/M ĐẢNG ỦY). The official forms
// (Phụ lục I and III of HD 01-HD/BTCTW) were not obtained: the fields are
// laid out in that frame, and docs/guide-vi.md says so. Only prints what
// the API holds; blank lines are left for what is filled by hand.
import { call, reference } from '../api.js';
import { getLang, t } from '../i18n.js';
import { href } from '../router.js';
import { role } from '../session.js';
import { html, LoadError, Loading, useFocusHeading, useLoad } from '../ui.js';
import vi from '../i18n/vi.js';
import { countriesText, PRIVATE } from './trip-common.js';

// The document is in Vietnamese whatever the page's language.
const viName = (prefix) => (code) => (code ? vi[`${prefix}${code}`] || code : '');
const purposeName = viName('trip_purpose_');
const payerName = viName('trip_payer_');
const docName = viName('trip_doc_');
const outcomeName = viName('trip_outcome_');

const up = (s) => String(s || '').toLocaleUpperCase('vi');

// dd/mm/yyyy with the document rule: days 1-9 and months 1-2 take a
// leading zero, months 3-12 do not.
function docDay(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return null;
  const month = Number(m[2]);
  return { d: m[3], m: month < 3 ? m[2] : String(month), y: m[1] };
}

// "……, ngày 05 tháng 01 năm 2026"; gaps to fill by hand without a date.
function dateLine(iso) {
  const p = docDay(iso);
  const year = p ? p.y : String(new Date().getFullYear());
  return p ? `……………, ngày ${p.d} tháng ${p.m} năm ${year}` : `……………, ngày      tháng      năm ${year}`;
}

// d/m/yyyy for a date cited in the body, as the date line writes its parts
// (DOCUMENTS.md: a leading zero on days 1-9 and months 1-2 only), the same
// as the PDF documents: 14/3/1985, 01/12/2026, 05/02/2026.
function shortDate(iso) {
  const p = docDay(iso);
  if (!p) return '……/……/…………';
  return `${p.d}/${p.m}/${p.y}`;
}

function Header({ superior, unit, iso }) {
  return html`<table class="doc-head" role="presentation"><tbody><tr>
    <td class="doc-left">
      ${superior && html`<p class="doc-superior">${up(superior)}</p>`}
      <p class="doc-issuer">${up(unit || '')}</p>
      <p class="doc-star">*</p>
    </td>
    <td class="doc-right">
      <p class="doc-party">ĐẢNG CỘNG SẢN VIỆT NAM</p>
      <p class="doc-date">${dateLine(iso)}</p>
    </td>
  </tr></tbody></table>`;
}

function Line({ label, value }) {
  return html`<p class="doc-line">${label}: <span class="doc-value">${value || '……………………………………'}</span></p>`;
}

// The signer (right) and, below, the opinions of the cell and the committee.
function Signatures({ signer, name, cell, committee }) {
  return html`
    <table class="doc-sign" role="presentation"><tbody><tr>
      <td></td>
      <td><p class="doc-sign-title">${signer}</p><p class="doc-sign-hint">(Ký, ghi rõ họ tên)</p><p class="doc-sign-name">${name}</p></td>
    </tr></tbody></table>
    <table class="doc-opinions" role="presentation"><tbody><tr>
      <td>
        <p class="doc-sign-title">Ý KIẾN CỦA CHI BỘ</p>
        <p class="doc-opinion">${cell || '…………………………………………………………'}</p>
        <p class="doc-authority">T/M CHI BỘ</p><p class="doc-sign-role">BÍ THƯ</p>
      </td>
      <td>
        <p class="doc-sign-title">Ý KIẾN CỦA ĐẢNG ỦY</p>
        <p class="doc-opinion">${committee || '…………………………………………………………'}</p>
        <p class="doc-authority">T/M ĐẢNG ỦY</p><p class="doc-sign-role">BÍ THƯ</p>
      </td>
    </tr></tbody></table>`;
}

function withComment(outcome, comment) {
  if (!outcome) return null;
  return `${outcomeName(outcome)}${comment ? `. ${comment}` : '.'}`;
}

function Application({ trip, m, superior, countries }) {
  const priv = PRIVATE.includes(trip.purpose);
  const docs = (trip.attachments || []).map((a) => docName(a.kind));
  const days = trip.rules?.report_days ?? 7;
  const inCalendar = trip.rules?.report_in_calendar_days;
  return html`
    <${Header} superior=${superior} unit=${trip.unit?.name} iso=${trip.submitted_on} />
    <h1 class="doc-type">ĐƠN ĐỀ NGHỊ</h1>
    <p class="doc-summary">${priv ? 'Ra nước ngoài về việc riêng' : `Ra nước ngoài (${purposeName(trip.purpose).toLocaleLowerCase('vi')})`}</p>
    <p class="doc-rule" aria-hidden="true"></p>
    <p class="doc-to">Kính gửi: ${superior ? `- ${superior};` : ''}</p>
    <p class="doc-to doc-to-more">- ${trip.unit?.name || 'Chi bộ'}.</p>
    <${Line} label="Tên tôi là" value=${m?.full_name || trip.member?.full_name} />
    <${Line} label="Ngày sinh" value=${m?.birth_date && shortDate(m.birth_date)} />
    <${Line} label="Số thẻ đảng viên" value=${m?.card_number} />
    <${Line} label="Ngày vào Đảng" value=${m?.admitted_on && shortDate(m.admitted_on)} />
    <${Line} label="Ngày chính thức" value=${m?.official_on && shortDate(m.official_on)} />
    <${Line} label="Sinh hoạt tại" value=${trip.unit?.name} />
    <p class="doc-body">Tôi làm đơn này đề nghị cấp ủy cho phép tôi được ra nước ngoài, cụ thể như sau:</p>
    <${Line} label="Nước đến" value=${countriesText(trip, { countries })} />
    <${Line} label="Mục đích" value=${`${purposeName(trip.purpose)}${trip.purpose_detail ? ` (${trip.purpose_detail})` : ''}`} />
    <${Line} label="Thời gian" value=${`từ ngày ${shortDate(trip.planned_departure)} đến ngày ${shortDate(trip.extended_return || trip.planned_return)}`} />
    <${Line} label="Kinh phí" value=${trip.payer ? `${payerName(trip.payer)}${trip.payer_note ? ` (${trip.payer_note})` : ''}` : ''} />
    ${trip.decision_number && html`<${Line} label="Quyết định cử đi số" value=${trip.decision_number} />`}
    ${trip.delegation && html`<${Line} label="Đi cùng đoàn" value=${trip.delegation.name || ''} />`}
    ${docs.length > 0 && html`<${Line} label="Giấy tờ kèm theo" value=${docs.join('; ')} />`}
    <p class="doc-body">Tôi xin cam kết chấp hành nghiêm các quy định của Đảng và pháp luật của Nhà nước khi ở nước ngoài; không mang tài liệu mật ra nước ngoài; về nước đúng thời hạn và báo cáo kết quả chuyến đi với chi bộ trong thời hạn ${days} ngày ${inCalendar ? '' : 'làm việc '}kể từ ngày nhập cảnh về nước.</p>
    <${Signatures} signer="NGƯỜI LÀM ĐƠN" name=${m?.full_name || trip.member?.full_name}
      cell=${withComment(trip.cell_opinion, trip.cell_comment)} committee=${withComment(trip.decision, trip.decision_reasons)} />`;
}

function Report({ trip, m, superior, countries }) {
  const priv = PRIVATE.includes(trip.purpose);
  const paras = String(trip.report_text || '').split(/\n+/).filter((x) => x.trim());
  return html`
    <${Header} superior=${superior} unit=${trip.unit?.name} iso=${trip.report_submitted_on} />
    <h1 class="doc-type">BÁO CÁO</h1>
    <p class="doc-summary">Kết quả ra nước ngoài${priv ? ' về việc riêng' : ''}</p>
    <p class="doc-rule" aria-hidden="true"></p>
    <p class="doc-to">Kính gửi: ${superior ? `- ${superior};` : ''}</p>
    <p class="doc-to doc-to-more">- ${trip.unit?.name || 'Chi bộ'}.</p>
    <${Line} label="Tên tôi là" value=${m?.full_name || trip.member?.full_name} />
    <${Line} label="Sinh hoạt tại" value=${trip.unit?.name} />
    <${Line} label="Nước đã đến" value=${countriesText(trip, { countries })} />
    <${Line} label="Mục đích" value=${`${purposeName(trip.purpose)}${trip.purpose_detail ? ` (${trip.purpose_detail})` : ''}`} />
    <${Line} label="Được cấp ủy đồng ý ngày" value=${trip.decided_on && shortDate(trip.decided_on)} />
    <${Line} label="Thời gian thực tế" value=${`xuất cảnh ngày ${shortDate(trip.actual_departure)}, nhập cảnh về nước ngày ${shortDate(trip.actual_return)}`} />
    <p class="doc-body">Tôi xin báo cáo kết quả chuyến đi như sau:</p>
    ${paras.length ? paras.map((p, i) => html`<p key=${i} class="doc-body">${p}</p>`) : html`<p class="doc-body">……………………………………</p>`}
    <${Signatures} signer="NGƯỜI BÁO CÁO" name=${m?.full_name || trip.member?.full_name}
      cell=${withComment(trip.report_opinion, trip.report_comment)} committee=${trip.state === 'closed' ? 'Đã ghi nhận báo cáo.' : null} />`;
}

// #/trips/ID/print/application and #/trips/ID/print/report.
export function TripPrintPage({ id, doc }) {
  const load = useLoad(async () => {
    const r = await call('GET', `/trips/${encodeURIComponent(id)}`);
    const trip = r.body;
    const [m, unit, ref] = await Promise.all([
      trip.member?.id ? call('GET', `/members/${encodeURIComponent(trip.member.id)}`).then((x) => x.body).catch(() => null) : null,
      trip.unit?.id && role() !== 'member' ? call('GET', `/units/${encodeURIComponent(trip.unit.id)}`).then((x) => x.body).catch(() => null) : null,
      reference().catch(() => ({ countries: [] })),
    ]);
    // The body directly above the cell: its nearest ancestor.
    const anc = (unit?.ancestors || []).filter((a) => a.id !== trip.unit?.id);
    const superior = anc.length ? anc[anc.length - 1].name : null;
    return { trip, m, superior, countries: ref?.countries || [] };
  }, [id]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  const report = doc === 'report';
  return html`<section class="print-page">
    <div class="no-print print-tools">
      <p class="muted" tabindex="-1" ref=${headRef}>${report ? t('trip_print_report') : t('trip_print_application')}</p>
      <p class="hint">${t('trip_print_hint')}</p>
      <ul class="actions-row">
        <li><button type="button" class="button" onClick=${() => window.print()}>${t('trip_print_now')}</button></li>
        <li><a class="button button-secondary" href=${href(`/trips/${id}`)}>${t('trip_back')}</a></li>
      </ul>
    </div>
    <div class="doc" lang="vi">
      ${report ? html`<${Report} ...${load.data} />` : html`<${Application} ...${load.data} />`}
    </div>
    ${getLang() !== 'vi' && html`<p class="no-print muted">${t('trip_print_vi_only')}</p>`}
  </section>`;
}
