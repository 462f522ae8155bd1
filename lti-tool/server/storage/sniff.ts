/**
 * What an upload really is, from its first bytes, checked against its name. Evidence is office documents, slides,
 * video, images and PDF; anything else (and anything executable or HTML-like) is refused, because files are served
 * back to other people's browsers.
 */

type Family = 'pdf' | 'zip' | 'ole2' | 'mp4' | 'flv' | 'asf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'text';

/** Accepted extensions: the container family the bytes must show, and the MIME type we serve them with. */
const EXTENSIONS: Record<string, { family: Family; mime: string }> = {
  pdf: { family: 'pdf', mime: 'application/pdf' },
  doc: { family: 'ole2', mime: 'application/msword' },
  xls: { family: 'ole2', mime: 'application/vnd.ms-excel' },
  ppt: { family: 'ole2', mime: 'application/vnd.ms-powerpoint' },
  wps: { family: 'ole2', mime: 'application/vnd.ms-works' },
  et: { family: 'ole2', mime: 'application/vnd.ms-excel' },
  docx: { family: 'zip', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { family: 'zip', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { family: 'zip', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  /** 希沃白板 courseware is a zip container. */
  enbx: { family: 'zip', mime: 'application/octet-stream' },
  mp4: { family: 'mp4', mime: 'video/mp4' },
  mov: { family: 'mp4', mime: 'video/quicktime' },
  flv: { family: 'flv', mime: 'video/x-flv' },
  wmv: { family: 'asf', mime: 'video/x-ms-wmv' },
  png: { family: 'png', mime: 'image/png' },
  jpg: { family: 'jpeg', mime: 'image/jpeg' },
  jpeg: { family: 'jpeg', mime: 'image/jpeg' },
  gif: { family: 'gif', mime: 'image/gif' },
  webp: { family: 'webp', mime: 'image/webp' },
  txt: { family: 'text', mime: 'text/plain; charset=utf-8' },
};

const startsWith = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, from: number, to: number) => head.subarray(from, to).toString('latin1');

function familyOf(head: Buffer): Family | 'executable' | 'html' | undefined {
  if (startsWith(head, [0x4d, 0x5a])) return 'executable'; // MZ: Windows PE
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'executable'; // ELF
  if (
    head.length >= 4 &&
    [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(head.readUInt32BE(0) >>> 0)
  ) {
    return 'executable'; // Mach-O and universal binaries (and Java classes)
  }
  if (startsWith(head, [0x23, 0x21])) return 'executable'; // #! script
  if (ascii(head, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole2';
  if (ascii(head, 4, 8) === 'ftyp') return 'mp4';
  if (ascii(head, 0, 3) === 'FLV') return 'flv';
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'asf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(head, 0, 4) === 'GIF8') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  const text = head.toString('utf8').trimStart().toLowerCase();
  if (/^<(!doctype|html|script|svg|\?xml|body|head|iframe)/.test(text)) return 'html';
  if (head.length > 0 && !head.includes(0)) return 'text';
  return undefined;
}

export type SniffResult =
  | { ok: true; extension: string; mime: string }
  | { ok: false; reason: 'extension-not-allowed' | 'executable' | 'content-mismatch'; extension: string };

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/** Decides whether `head` (the first bytes) fits the extension of `filename`. */
export function sniffUpload(filename: string, head: Buffer): SniffResult {
  const extension = extensionOf(filename);
  const family = familyOf(head);
  if (family === 'executable') return { ok: false, reason: 'executable', extension };
  const expected = EXTENSIONS[extension];
  if (expected === undefined) return { ok: false, reason: 'extension-not-allowed', extension };
  if (family !== expected.family) return { ok: false, reason: 'content-mismatch', extension };
  return { ok: true, extension, mime: expected.mime };
}

/** Images, video and PDF may be shown in the browser; everything else is a download. Never HTML. */
export function inlineAllowed(mime: string): boolean {
  return /^(image\/(png|jpeg|gif|webp)|video\/(mp4|quicktime|x-flv|x-ms-wmv)|application\/pdf)$/.test(mime);
}
