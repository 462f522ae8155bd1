import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminKey } from '../../lti-tool/server/services/admin-keys';
import { createCompletionSource } from '../../lti-tool/server/services/completions/sources';
import { orgTemplateCsv, orgTemplateXlsx } from '../../lti-tool/server/services/org-tree/template';
import { exportFile } from '../completions/seed';
import { pairExtension, startExtensionWorld, type ExtensionWorld } from '../extension/world';
import { mp4WithDuration, webmWithDuration, wmvWithDuration } from '../fixtures/video';

// Every upload and import endpoint under generated files: random names (any Unicode, path tricks, bad
// percent-encoding), declared types (right, wrong, made up, multipart), sizes (empty to 256 KB) and bytes: random,
// behind the magic numbers of PDF, MP4, PNG, ZIP/XLSX, executables, HTML, CSV text, and mutations (flipped,
// inserted, duplicated bytes, truncation) of real files: Moodle's completion exports (CSV, XLSX, ODS), the
// organisation template, MP4/WebM/WMV videos. Most are sent the way the endpoint expects (its types, a name with an
// allowed extension) so they reach the parsers and the store; some raw, some wrapped in a multipart/form-data
// envelope as a browser form would. Each answer: never a 5xx; a refusal is the one error body
// (or an import's report) with a Chinese message. Fixed seeds; FUZZ_RUNS runs per endpoint.

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let world: ExtensionWorld;
let adminKey: string;
let device: string;
let fileSourceId: string;

beforeAll(async () => {
  world = await startExtensionWorld({
    env: { API_RATE_LIMIT_PER_MINUTE: '1000000', LTI_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  const db = world.tool.database.db;
  adminKey = (
    await createAdminKey(
      db,
      { tenantId: world.tenantId, name: 'fuzz-uploads', createdByPersonId: null },
      { actorPersonId: null, actorLabel: 'fuzz', client: 'api', requestId: null },
    )
  ).secret;
  device = (await pairExtension(world)).accessToken;
  const { source } = await createCompletionSource(db, world.tenantId, {
    name: 'fuzz-file',
    kind: 'file',
    programmeInstanceId: world.demo.programmeInstanceId,
  });
  fileSourceId = source.id;
  const org = targets.find((t) => t.label.includes('organisations'));
  org?.files.push(u8(orgTemplateCsv('zh')), u8(orgTemplateCsv('en')), u8(await orgTemplateXlsx('zh')), u8(ORG_CSV));
}, 120_000);
afterAll(() => world.close());

const MAGIC: Record<string, number[]> = {
  pdf: [...Buffer.from('%PDF-1.7\n')],
  mp4: [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  zip: [0x50, 0x4b, 0x03, 0x04],
  exe: [0x4d, 0x5a, 0x90, 0],
  html: [...Buffer.from('<!doctype html><script>alert(1)</script>')],
  bom: [0xef, 0xbb, 0xbf],
};

const csvText = fc
  .array(
    fc.array(
      fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('学校', '县区', '"', ',', '\r')),
      {
        maxLength: 8,
      },
    ),
    { maxLength: 40 },
  )
  .map((rows) => new Uint8Array(Buffer.from(rows.map((r) => r.join(',')).join('\n'))));

const bytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }),
  fc
    .tuple(fc.constantFrom(...Object.values(MAGIC)), fc.uint8Array({ maxLength: 4096 }))
    .map(([head, rest]) => new Uint8Array([...head, ...rest])),
  csvText,
  fc.constant(new Uint8Array()),
  // Larger bodies, a few of them: cheap to generate (a repeated byte), enough to cross stream chunk boundaries.
  fc
    .tuple(
      fc.constantFrom(...Object.values(MAGIC)),
      fc.integer({ min: 65_536, max: 256 * 1024 }),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([head, size, fill]) => {
      const out = new Uint8Array(size).fill(fill);
      out.set(head);
      return out;
    }),
);

/** A real file, damaged: bytes flipped, inserted or duplicated, or cut short. */
function mutated(bases: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({
    kind: fc.constantFrom('flip', 'insert', 'duplicate', 'truncate'),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  return fc.tuple(fc.constantFrom(...bases), fc.array(edit, { maxLength: 6 })).map(([base, edits]) => {
    let out = Buffer.from(base);
    for (const e of edits) {
      const at = out.length === 0 ? 0 : e.at % out.length;
      if (e.kind === 'flip' && out.length > 0) out[at] = e.byte;
      if (e.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from([e.byte]), out.subarray(at)]);
      if (e.kind === 'duplicate') out = Buffer.concat([out.subarray(0, at), out.subarray(at / 2), out.subarray(at)]);
      if (e.kind === 'truncate') out = out.subarray(0, at);
    }
    return new Uint8Array(out);
  });
}

const EXTENSIONS = ['pdf', 'PDF', 'mp4', 'png', 'jpg', 'docx', 'pptx', 'xlsx', 'csv', 'exe', 'html', 'sh', 'txt', ''];
const name: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...EXTENSIONS)).map(([b, e]) => `${b}.${e}`),
  fc.string({ unit: 'binary', maxLength: 260 }),
  fc.constantFrom(
    '教学设计.pdf',
    '课堂实录.mp4',
    '名单.csv',
    '../../etc/passwd',
    'a\u0000.pdf',
    '.pdf',
    ' ',
    'x'.repeat(300),
  ),
);
/** The name as a client would send it in X-Filename: percent-encoded, raw ASCII, broken encoding, or none. */
const filenameHeader: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: name.map((n) => encodeURIComponent(n)) },
  name.map((n) => n.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('%E6%95%99%E5', '%zz.pdf', '%00.pdf'),
  fc.constant(undefined),
);
const printable = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(
    'application/octet-stream',
    'text/csv',
    'text/csv; charset=gbk',
    'text/plain',
    'application/pdf',
    'video/mp4',
    'application/json',
    'application/x-www-form-urlencoded',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'multipart/form-data',
  ),
  printable,
  fc.constant(undefined),
);

interface Upload {
  filename: string | undefined;
  type: string | undefined;
  body: Uint8Array;
  /** Wrapped in multipart/form-data (a browser form's upload) instead of sent raw. */
  multipart: boolean;
  query: Record<string, string>;
}

/** A multipart/form-data body with one file part, as a browser form sends it. */
function multipartOf(upload: Upload): { body: Uint8Array; type: string } {
  const boundary = '----fuzz' + createHash('sha256').update(upload.body).digest('hex').slice(0, 16);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${upload.filename ?? ''}"\r\n` +
      `Content-Type: ${upload.type ?? 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: new Uint8Array(Buffer.concat([head, upload.body, tail])),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

interface Outcome {
  status: number;
  contentType: string;
  text: string;
}

async function send(path: string, token: string, upload: Upload, extra: Record<string, string> = {}) {
  const wrapped = upload.multipart ? multipartOf(upload) : { body: upload.body, type: upload.type };
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...extra };
  if (extra['x-content-sha256'] === 'RIGHT') {
    headers['x-content-sha256'] = createHash('sha256').update(wrapped.body).digest('hex');
  }
  if (wrapped.type !== undefined) headers['content-type'] = wrapped.type;
  if (upload.filename !== undefined) headers['x-filename'] = upload.filename;
  const search = new URLSearchParams(upload.query).toString();
  const response = await fetch(`${world.tool.url}${path}${search ? `?${search}` : ''}`, {
    method: 'POST',
    headers,
    body: new Blob([wrapped.body as Uint8Array<ArrayBuffer>]),
  });
  const outcome: Outcome = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
  return outcome;
}

const CHINESE = /[\u4e00-\u9fff]/;

/** Never a 5xx; a refusal is JSON with a code and a Chinese message (an import's report carries its issues' text). */
function expectHandled(label: string, outcome: Outcome, upload: Upload) {
  const where = `${label} → ${outcome.status} ${outcome.text.slice(0, 400)}\nsent ${JSON.stringify({
    ...upload,
    body: `${upload.body.length} bytes: ${Buffer.from(upload.body.subarray(0, 16)).toString('hex')}`,
  })}`;
  expect(outcome.status, where).toBeLessThan(500);
  if (outcome.status < 400) return;
  expect(outcome.contentType, where).toContain('application/json');
  const parsed = JSON.parse(outcome.text) as { error?: { code?: unknown; message?: unknown } };
  if (parsed.error) {
    expect(typeof parsed.error.code, where).toBe('string');
    expect(parsed.error.message, where).toMatch(CHINESE);
  } else {
    // An import's validation report: the file refused with its issues, each said in Chinese.
    expect(outcome.text, where).toMatch(CHINESE);
  }
}

/** Mostly what the endpoint expects (its types, names with its extensions, its kind of file), sometimes anything. */
const uploadOf = (target: Target) => {
  const good = fc
    .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.constantFrom(...target.extensions))
    .map(([base, extension]) => encodeURIComponent(`${base.replace(/[/\\]/g, '')}.${extension}`));
  return fc.record({
    filename: fc.oneof({ weight: 4, arbitrary: good }, filenameHeader),
    type: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...target.types) }, contentType),
    body: fc.oneof({ weight: 4, arbitrary: mutated(target.files) }, bytes),
    multipart: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
    query: target.query,
  });
};

const noQuery = fc.constant({});
const dryRun = fc.record({ dryRun: fc.constantFrom('true', '1', 'false', 'maybe') }, { requiredKeys: [] });

interface Target {
  label: string;
  path: fc.Arbitrary<string>;
  token: () => string;
  query: fc.Arbitrary<Record<string, string>>;
  headers?: fc.Arbitrary<Record<string, string>>;
  /** Content types the endpoint accepts, extensions it expects and real files of its kind to damage. */
  types: string[];
  extensions: string[];
  files: Uint8Array[];
}

const u8 = (b: Uint8Array | string) => new Uint8Array(typeof b === 'string' ? Buffer.from(b) : b);
const PDF = u8('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n教学设计 lesson design\n%%EOF\n');
const VIDEOS = [
  mp4WithDuration(90),
  mp4WithDuration(600, { moovLast: true }),
  webmWithDuration(30),
  wmvWithDuration(30),
];
const EVIDENCE_FILES = [PDF, PDF, PDF, ...VIDEOS.map(u8), u8(Buffer.from(MAGIC.png!))];
const COMPLETION_EXPORTS = [
  'course-completion.csv',
  'activity-completion.csv',
  'activity-completion.xlsx',
  'grades.csv',
  'grades.xlsx',
  'grades.ods',
].map((f) => u8(exportFile(f)));
const ORG_CSV = [
  '省代码,省名称,市代码,市名称,区县代码,区县名称,学校代码,学校名称,教研组名称,教研组代码',
  '410000,河南省,410100,郑州市,410102,中原区,4101020001,郑州市第一中学,数学组,SX01',
  '410000,河南省,410100,郑州市,410102,中原区,4101020002,郑州市第二中学,,',
].join('\n');
const IMPORT_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

const targets: Target[] = [
  {
    label: 'POST /api/v1/me/abilities/{code}/items/{slotId}/file (evidence)',
    // Mostly a slot that takes files (A2's lesson design takes documents, its classroom clip video), some others.
    path: fc
      .oneof(
        { weight: 6, arbitrary: fc.constant(['A2', 'lesson-design']) },
        { weight: 3, arbitrary: fc.constant(['A2', 'classroom-clip']) },
        fc.tuple(
          fc.constantFrom('A1', 'A2', 'A5', 'B2', 'zz'),
          fc.oneof(fc.constantFrom('lesson-design', 'classroom-clip', 'reflection'), fc.string({ maxLength: 20 })),
        ),
      )
      .map(([code, slot]) => `/api/v1/me/abilities/${code}/items/${encodeURIComponent(slot || 'x')}/file`),
    token: () => world.teacher,
    query: noQuery,
    types: ['application/octet-stream'],
    extensions: ['pdf', 'pdf', 'pdf', 'mp4', 'webm', 'wmv', 'png', 'docx'],
    files: EVIDENCE_FILES,
  },
  {
    label: 'POST /ext/v1/files (extension clip of a file)',
    path: fc.constant('/ext/v1/files'),
    token: () => device,
    query: fc.oneof(
      { weight: 6, arbitrary: fc.constant({ abilityCode: 'A2', slotId: 'lesson-design' }) },
      fc.record(
        {
          abilityCode: fc.constantFrom('A2', 'A1', 'A5', 'zz', ''),
          slotId: fc.constantFrom('lesson-design', 'classroom-clip', 'reflection', ''),
        },
        { requiredKeys: [] },
      ),
    ),
    headers: fc.record(
      {
        'idempotency-key': fc.oneof({ weight: 6, arbitrary: fc.uuid() }, printable),
        // RIGHT: the SHA-256 of the bytes on the wire, so some uploads get past the checksum to the store.
        'x-content-sha256': fc.oneof(
          { weight: 6, arbitrary: fc.constant('RIGHT') },
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
          printable,
        ),
      },
      { requiredKeys: ['idempotency-key', 'x-content-sha256'] },
    ),
    types: ['application/octet-stream'],
    extensions: ['pdf', 'pdf', 'pdf', 'mp4', 'webm', 'png'],
    files: EVIDENCE_FILES,
  },
  {
    label: 'POST /api/v1/admin/organisations/imports',
    path: fc.constant('/api/v1/admin/organisations/imports'),
    token: () => adminKey,
    query: dryRun,
    types: IMPORT_TYPES,
    extensions: ['csv', 'xlsx'],
    files: [], // filled in beforeAll (the XLSX template is built asynchronously)
  },
  {
    label: 'POST /api/v1/admin/completion-sources/{id}/imports',
    path: fc.constant(`/api/v1/admin/completion-sources/{source}/imports`),
    token: () => adminKey,
    query: dryRun,
    types: [...IMPORT_TYPES, 'application/vnd.oasis.opendocument.spreadsheet', 'application/octet-stream'],
    extensions: ['csv', 'xlsx', 'ods'],
    files: COMPLETION_EXPORTS,
  },
];

const seedOf = (label: string) => [...label].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 11);

describe('upload and import endpoints under generated files', () => {
  it.each(targets.map((t) => [t.label, t] as const))('%s: no 5xx, refusals in Chinese', async (label, target) => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        target.path,
        uploadOf(target),
        target.headers ?? fc.constant({}),
        async (path, upload, headers) => {
          const url = path.replace('{source}', fileSourceId);
          const outcome = await send(url, target.token(), upload, headers);
          statuses.push(outcome.status);
          expectHandled(label, outcome, upload);
        },
      ),
      { numRuns: RUNS, seed: seedOf(label), endOnFailure: true },
    );
    // The generation reaches past the gates: some files are accepted (parsed, stored), others refused.
    expect(
      statuses.some((status) => status < 300),
      statuses.join(' '),
    ).toBe(true);
    expect(
      statuses.some((status) => status >= 400),
      statuses.join(' '),
    ).toBe(true);
  });
});
