import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pdfPageTexts } from '../../../../test/helpers/pdf-text';
import { writeCertificatesPdf, type CertificatePage } from './pdf';

async function render(pages: CertificatePage[]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCertificatesPdf(out, pages);
  return new Uint8Array(Buffer.concat(chunks));
}

/** pdf.js (Mozilla's reader, not the writer) extracts the text of every page. */
const textOf = (bytes: Uint8Array) => pdfPageTexts(bytes, { useSystemFonts: false });

const page: CertificatePage = {
  teacherName: '欧阳明轩',
  programmeName: '示范县能力提升工程2.0（2021–2023）',
  issuerName: '示范县教师发展中心',
  hours: '52.50',
  grade: 'excellent',
  issuedAt: new Date('2026-12-05T08:00:00Z'),
  serialNumber: 'DEMO-C1-2026-000007',
  verifyUrl: 'https://tool.example.cn/verify/abc',
};

describe('certificate PDF', () => {
  it('renders the Chinese name, programme, hours, grade, issuer, date and serial as text', async () => {
    const bytes = await render([page]);
    const [text] = await textOf(bytes);
    for (const part of [
      '结 业 证 书',
      '欧阳明轩',
      '示范县能力提升工程2.0',
      '52.50',
      '优秀',
      '示范县教师发展中心',
      '2026年12月5日',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain('DEMO-C1-2026-000007');
    expect(text).toContain('https://tool.example.cn/verify/abc');
  });

  it('embeds a subset of the font, not the whole 8 MB face', async () => {
    const bytes = await render([page]);
    expect(bytes.byteLength).toBeLessThan(200_000);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+/);
    expect(raw).toContain('/FontFile3');
  });

  it('puts a school batch on one page per teacher', async () => {
    const pages = await textOf(await render([page, { ...page, teacherName: '李小红', grade: 'pass' }]));
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain('李小红');
    expect(pages[1]).toContain('合格');
  });
});
