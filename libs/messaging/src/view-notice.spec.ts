import { renderViewNotice } from './message-templates';

describe('renderViewNotice', () => {
  const at = new Date('2025-03-04T05:06:07Z');

  it('names the video, the masked viewer and the time in English', () => {
    const { email } = renderViewNotice({ productName: 'IrisCX', videoTitle: 'Kitchen walkthrough', viewer: '+1••••••0101', at, locale: 'en-US' });
    expect(email.subject).toBe('+1••••••0101 opened "Kitchen walkthrough"');
    expect(email.text).toContain('+1••••••0101 verified with a code and opened your video on IrisCX');
    expect(email.text).toContain('Kitchen walkthrough');
    expect(email.text).toContain('2025-03-04 05:06 UTC');
    expect(email.html).toContain('<html lang="en">');
    expect(email.html).toContain('Kitchen walkthrough');
  });

  it('speaks Spanish for es locales and falls back to English otherwise', () => {
    const es = renderViewNotice({ productName: 'IrisCX', videoTitle: 'Cocina', viewer: 'a•••@example.com', at: at.toISOString(), locale: 'es-MX' });
    expect(es.email.subject).toBe('a•••@example.com abrió «Cocina»');
    expect(es.email.text).toContain('verificó su identidad con un código');
    expect(es.email.html).toContain('<html lang="es">');
    expect(renderViewNotice({ productName: 'IrisCX', videoTitle: 'x', viewer: 'v', at, locale: 'fr' }).email.html).toContain('<html lang="en">');
  });

  it('escapes HTML and keeps header-breaking characters out of the subject', () => {
    const { email } = renderViewNotice({ productName: 'Iris<b>CX', videoTitle: '<script>alert(1)</script>\r\nBcc: x@evil.test', viewer: '+1••••0101', at });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('Iris&lt;b&gt;CX');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
