import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { chinaParts } from '../exports/china-time';

/** What one certificate page prints (kept on the certificate row as issued). */
export interface CertificatePage {
  teacherName: string;
  programmeName: string;
  issuerName: string;
  hours: string;
  grade: 'pass' | 'excellent';
  issuedAt: Date;
  serialNumber: string;
  verifyUrl: string;
}

const GRADE = { pass: { zh: '合格', en: 'Pass' }, excellent: { zh: '优秀', en: 'Excellent' } } as const;

let fonts: { regular: Buffer; bold: Buffer } | undefined;

/**
 * Noto Sans SC (OFL) from the @embedpdf/fonts-sc package, so a fresh `npm ci` brings it; pdfkit embeds only the
 * glyphs a document uses (a CFF subset), so a page stays small. Read once per process.
 */
function certificateFonts() {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    fonts = {
      regular: readFileSync(join(dir, 'NotoSansHans-Regular.otf')),
      bold: readFileSync(join(dir, 'NotoSansHans-Bold.otf')),
    };
  }
  return fonts;
}

/** The issue date on China's calendar (an evening issue in UTC is already the next day in Beijing). */
const dateZh = (d: Date) => {
  const { year, month, day } = chinaParts(d);
  return `${year}年${month}月${day}日`;
};

/** The QR code drawn as vector squares (sharp at any print size, no image decoding in the reader). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  doc.save().fillColor('#000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + c * cell, y + r * cell, cell, cell);
  }
  doc.fill().restore();
}

function drawPage(doc: PDFKit.PDFDocument, page: CertificatePage) {
  const { width, height } = doc.page;
  doc
    .save()
    .lineWidth(3)
    .strokeColor('#9b1c1c')
    .rect(24, 24, width - 48, height - 48)
    .stroke();
  doc
    .lineWidth(0.8)
    .rect(32, 32, width - 64, height - 64)
    .stroke()
    .restore();
  doc.font('bold').fontSize(36).fillColor('#9b1c1c').text('结 业 证 书', 0, 70, { align: 'center', width });
  doc.font('regular').fontSize(12).fillColor('#555').text('Certificate of Completion', { align: 'center', width });
  const grade = GRADE[page.grade];
  doc.fillColor('#111').fontSize(18).font('bold').text(`${page.teacherName}`, 90, 170, { continued: true });
  doc.font('regular').text(' 同志：');
  doc
    .moveDown(0.6)
    .fontSize(16)
    .text(
      `参加“${page.programmeName}”，完成研修 ${page.hours} 学时，经考核，等级为“${grade.zh}”，准予结业。特发此证。`,
      120,
      undefined,
      { width: width - 240, lineGap: 8 },
    );
  doc
    .moveDown(0.4)
    .fontSize(10)
    .fillColor('#555')
    .text(
      `${page.teacherName} completed "${page.programmeName}" with ${page.hours} hours, grade: ${grade.en}.`,
      120,
      undefined,
      { width: width - 240 },
    );
  const bottom = height - 170;
  doc
    .fillColor('#111')
    .fontSize(14)
    .text(page.issuerName, width - 380, bottom + 20, { width: 260, align: 'right' });
  doc.fontSize(12).text(dateZh(page.issuedAt), width - 380, bottom + 46, { width: 260, align: 'right' });
  doc.fontSize(11).text(`证书编号 No.：${page.serialNumber}`, 90, bottom + 20);
  drawQr(doc, page.verifyUrl, 90, bottom + 44, 72);
  doc
    .fontSize(8)
    .fillColor('#555')
    .text(`扫码或访问以下网址验证 Verify at:\n${page.verifyUrl}`, 170, bottom + 60, { width: 330 });
}

/** One PDF with a page per certificate (a school's batch is the same call with many pages). */
export async function writeCertificatesPdf(out: Writable, pages: CertificatePage[]): Promise<void> {
  const { regular, bold } = certificateFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    autoFirstPage: false,
    info: {
      Title: pages.length === 1 ? `结业证书 ${pages[0]?.serialNumber ?? ''}` : '结业证书',
      Producer: 'ability-lti',
    },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  doc.pipe(out);
  for (const page of pages) {
    doc.addPage({ margin: 0 });
    drawPage(doc, page);
  }
  if (pages.length === 0)
    doc.addPage().font('regular').fontSize(14).text('没有可打印的证书。No certificates to print.');
  doc.end();
  await finished(out);
}
