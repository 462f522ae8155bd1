import { describe, expect, it } from 'vitest';
import { fileProblems, looksLikePdf, pdfName, sha256Hex } from '../../extension/src/common/clip-file';

const slot = {
  id: 'lesson-design',
  name: { zh: '教学设计', en: 'lesson design' },
  kind: 'document',
  required: true,
  limits: { extensions: ['doc', 'docx', 'pdf'], maxSizeMb: 20 },
  note: null,
  clippable: false,
};

describe('files for file slots, before anything is queued', () => {
  it('knows a PDF tab by its address and names the file from it', () => {
    expect(looksLikePdf('https://www.moe.gov.cn/files/2025/通知.pdf')).toBe(true);
    expect(looksLikePdf('https://e.cn/a.PDF?download=1#page=2')).toBe(true);
    expect(looksLikePdf('https://e.cn/a.pdf.html')).toBe(false);
    expect(looksLikePdf('file:///home/t/a.pdf')).toBe(false);
    expect(pdfName('https://e.cn/files/%E9%80%9A%E7%9F%A5.pdf?x=1')).toBe('通知.pdf');
    expect(pdfName('https://e.cn/download?id=7')).toBe('文件.pdf');
  });

  it('runs the slot’s own checks: format and size, in the teacher’s language', () => {
    expect(fileProblems(slot, { name: '设计.pdf', size: 1024 })).toEqual([]);
    const [format] = fileProblems(slot, { name: 'setup.exe', size: 1024 });
    expect(format?.zh).toContain('exe');
    const [size] = fileProblems(slot, { name: '设计.pdf', size: 25 * 1024 * 1024 });
    expect(size?.zh).toContain('20');
  });

  it('hashes the bytes as the server does (SHA-256, lower-case hex)', async () => {
    expect(await sha256Hex(new Blob(['abc']))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
