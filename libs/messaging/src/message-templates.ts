export type SupportedLocale = 'en' | 'es';

export interface RenderedMessage {
  sms: string;
  email: { subject: string; text: string; html: string };
}

export interface CodeMessageInput {
  code: string;
  productName: string;
  expiresInMinutes: number;
  locale?: string;
}

export interface ShareMessageInput {
  productName: string;
  senderName?: string;
  videoTitle: string;
  url: string;
  message?: string;
  locale?: string;
}

export interface ViewNoticeInput {
  productName: string;
  videoTitle: string;
  /** Masked identity the viewer proved with a code, e.g. +1•••••0123. */
  viewer: string;
  at: Date | string;
  locale?: string;
}

const SMS_SEGMENT_SEPTETS = 160;
const SMS_TITLE_MAX = 40;
const SMS_SENDER_MAX = 30;

// GSM 03.38 default alphabet (ESC excluded) and the extension table, whose chars cost 2 septets.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENDED = new Set('^{}\\[~]|€\f');

/** Septet count, or null when the text needs UCS-2 (70-char segments). */
export function gsm7Septets(text: string): number | null {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENDED.has(ch)) septets += 2;
    else return null;
  }
  return septets;
}

/** True when the text is pure GSM-7 and fits a single 160-septet segment. */
export function gsm7SegmentsFit(text: string): boolean {
  const septets = gsm7Septets(text);
  return septets !== null && septets <= SMS_SEGMENT_SEPTETS;
}

export function resolveLocale(locale?: string): SupportedLocale {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'es' ? 'es' : 'en';
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Header-safe single line: user text must not smuggle CR/LF into a subject. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Folds accents and drops anything non-ASCII so user text cannot force a UCS-2 SMS. */
function smsSafe(value: string): string {
  return oneLine(
    value
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '')
      // Extension-table chars cost double and look odd in SMS; none matter in a title.
      .replace(/[\^{}\\[\]~|`]/g, ''),
  );
}

function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  return value.slice(0, Math.max(0, max - 3)).trimEnd() + '...';
}

function assertHttpUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error('Share links must be http(s) URLs');
  }
  return url;
}

function wrapHtml(locale: SupportedLocale, inner: string): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.5">${inner}</body></html>`
  );
}

/** Shortest-first fallbacks keep the SMS to one segment even with long product names. */
function firstThatFits(candidates: string[]): string {
  return candidates.find(gsm7SegmentsFit) ?? truncate(candidates[candidates.length - 1], SMS_SEGMENT_SEPTETS);
}

export function renderCodeMessage(input: CodeMessageInput): RenderedMessage {
  const locale = resolveLocale(input.locale);
  const code = smsSafe(input.code);
  const product = oneLine(input.productName);
  const smsProduct = smsSafe(input.productName);
  const minutes = Math.max(1, Math.round(input.expiresInMinutes));

  if (locale === 'es') {
    const unit = minutes === 1 ? 'minuto' : 'minutos';
    const sms = firstThatFits([
      `${code} es tu codigo de verificacion de ${smsProduct}. Caduca en ${minutes} ${unit}. No lo compartas.`,
      `${code} es tu codigo de ${smsProduct}. Caduca en ${minutes} ${unit}.`,
      `${code} es tu codigo. Caduca en ${minutes} ${unit}.`,
    ]);
    const subject = `Tu código de verificación de ${product}`;
    const text =
      `Tu código de verificación de ${product} es: ${code}\n\n` +
      `Caduca en ${minutes} ${unit}. No lo compartas con nadie: el equipo de ${product} nunca te lo pedirá.\n\n` +
      `Si no solicitaste este código, puedes ignorar este correo.\n`;
    const html = wrapHtml(
      locale,
      `<p>Tu código de verificación de ${escapeHtml(product)} es:</p>` +
        `<p style="font-size:28px;font-weight:bold;letter-spacing:4px">${escapeHtml(code)}</p>` +
        `<p>Caduca en ${minutes} ${unit}. No lo compartas con nadie: el equipo de ${escapeHtml(product)} nunca te lo pedirá.</p>` +
        `<p style="color:#666">Si no solicitaste este código, puedes ignorar este correo.</p>`,
    );
    return { sms, email: { subject, text, html } };
  }

  const unit = minutes === 1 ? 'minute' : 'minutes';
  const sms = firstThatFits([
    `${code} is your ${smsProduct} verification code. It expires in ${minutes} ${unit}. Don't share it.`,
    `${code} is your ${smsProduct} code. It expires in ${minutes} ${unit}.`,
    `${code} is your verification code. It expires in ${minutes} ${unit}.`,
  ]);
  const subject = `Your ${product} verification code`;
  const text =
    `Your ${product} verification code is: ${code}\n\n` +
    `It expires in ${minutes} ${unit}. Don't share it with anyone: ${product} staff will never ask for it.\n\n` +
    `If you didn't request this code, you can ignore this email.\n`;
  const html = wrapHtml(
    locale,
    `<p>Your ${escapeHtml(product)} verification code is:</p>` +
      `<p style="font-size:28px;font-weight:bold;letter-spacing:4px">${escapeHtml(code)}</p>` +
      `<p>It expires in ${minutes} ${unit}. Don't share it with anyone: ${escapeHtml(product)} staff will never ask for it.</p>` +
      `<p style="color:#666">If you didn't request this code, you can ignore this email.</p>`,
  );
  return { sms, email: { subject, text, html } };
}

export function renderShareMessage(input: ShareMessageInput): RenderedMessage {
  const locale = resolveLocale(input.locale);
  const url = assertHttpUrl(input.url.trim());
  const product = oneLine(input.productName);
  const title = oneLine(input.videoTitle);
  const sender = input.senderName ? oneLine(input.senderName) : '';
  const note = input.message?.trim() ?? '';

  const smsProduct = smsSafe(input.productName);
  const smsSender = truncate(smsSafe(sender), SMS_SENDER_MAX);
  const smsTitle = truncate(smsSafe(title), SMS_TITLE_MAX);

  const es = locale === 'es';
  const smsLine = (t: string, s: string) =>
    es
      ? s
        ? `${smsProduct}: ${s} compartio "${t}" contigo. ${url}`
        : `${smsProduct}: te compartieron "${t}". ${url}`
      : s
        ? `${smsProduct}: ${s} shared "${t}" with you. ${url}`
        : `${smsProduct}: "${t}" was shared with you. ${url}`;
  const sms = firstThatFits([
    smsLine(smsTitle, smsSender),
    smsLine(truncate(smsTitle, 20), smsSender),
    smsLine(truncate(smsTitle, 20), ''),
    `${smsProduct}: ${url}`,
    url,
  ]);

  const subject = es
    ? sender
      ? `${sender} compartió «${title}» contigo en ${product}`
      : `Te compartieron «${title}» en ${product}`
    : sender
      ? `${sender} shared "${title}" with you on ${product}`
      : `"${title}" was shared with you on ${product}`;

  const intro = es
    ? sender
      ? `${sender} compartió un video contigo en ${product}:`
      : `Compartieron un video contigo en ${product}:`
    : sender
      ? `${sender} shared a video with you on ${product}:`
      : `A video was shared with you on ${product}:`;
  const cta = es ? 'Ver el video' : 'Watch the video';
  const noteLabel = es ? 'Mensaje' : 'Message';

  const text =
    `${intro}\n\n${title}\n` +
    (note ? `\n${noteLabel}:\n${note}\n` : '') +
    `\n${cta}: ${url}\n`;
  const html = wrapHtml(
    locale,
    `<p>${escapeHtml(intro)}</p>` +
      `<p style="font-size:18px;font-weight:bold">${escapeHtml(title)}</p>` +
      (note
        ? `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px;white-space:pre-line">${escapeHtml(note)}</blockquote>`
        : '') +
      `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#3b5bdb;color:#fff;text-decoration:none;border-radius:4px">${cta}</a></p>` +
      `<p style="color:#666;font-size:12px">${escapeHtml(url)}</p>`,
  );
  return { sms, email: { subject: truncate(subject, 200), text, html } };
}

/** Minutes are enough, and UTC says which clock: the sharer's time zone is not known here. */
function utcMinute(at: Date | string): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** Tells the sharer that a code-verified viewer opened their video: who (masked) and when. Email only. */
export function renderViewNotice(input: ViewNoticeInput): RenderedMessage {
  const locale = resolveLocale(input.locale);
  const product = oneLine(input.productName);
  const title = oneLine(input.videoTitle);
  const viewer = oneLine(input.viewer);
  const when = utcMinute(input.at);
  const es = locale === 'es';
  const subject = es ? `${viewer} abrió «${title}»` : `${viewer} opened "${title}"`;
  const lines = es
    ? [`${viewer} verificó su identidad con un código y abrió tu video en ${product}:`, `Fecha: ${when}`, 'Recibes este aviso una sola vez por persona y enlace.']
    : [`${viewer} verified with a code and opened your video on ${product}:`, `When: ${when}`, 'You get this notice once per person and link.'];
  const text = `${lines[0]}\n\n${title}\n\n${lines[1]}\n\n${lines[2]}\n`;
  const html = wrapHtml(
    locale,
    `<p>${escapeHtml(lines[0])}</p>` +
      `<p style="font-size:18px;font-weight:bold">${escapeHtml(title)}</p>` +
      `<p>${escapeHtml(lines[1])}</p>` +
      `<p style="color:#666;font-size:12px">${escapeHtml(lines[2])}</p>`,
  );
  const sms = truncate(smsSafe(es ? `${product}: ${viewer} abrio "${title}"` : `${product}: ${viewer} opened "${title}"`), SMS_SEGMENT_SEPTETS);
  return { sms, email: { subject: truncate(subject, 200), text, html } };
}
