// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceSlot } from '../../../../../shared/domain/schemas/catalogue';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { SlotEditor } from './SlotEditor';

afterEach(cleanup);

const slot: EvidenceSlot = {
  id: 'classroom-clip',
  name: { zh: '课堂实录片段', en: 'classroom video clip' },
  kind: 'video',
  required: true,
  limits: { extensions: ['mp4', 'mov'], maxSizeMb: 500, maxVideoMinutes: 10 },
};

/**
 * jsdom plays no media: a video element here "reads" the metadata the test sets, as a browser would from the file,
 * and fires loadedmetadata (or error, for a format the browser cannot play).
 */
let browserReads: number | 'cannot-play' = 0;
const src = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'src')!;
beforeEach(() => {
  Object.defineProperty(HTMLMediaElement.prototype, 'src', {
    configurable: true,
    get: src.get,
    set(this: HTMLMediaElement, value: string) {
      src.set!.call(this, value);
      if (!value) return;
      queueMicrotask(() => {
        if (browserReads === 'cannot-play') return this.dispatchEvent(new Event('error'));
        Object.defineProperty(this, 'duration', { configurable: true, value: browserReads });
        this.dispatchEvent(new Event('loadedmetadata'));
      });
    },
  });
  URL.createObjectURL = () => 'blob:video';
  URL.revokeObjectURL = () => undefined;
  HTMLMediaElement.prototype.load = () => undefined;
});
afterEach(() => Object.defineProperty(HTMLMediaElement.prototype, 'src', src));

function choose(file: File) {
  const api = fakeApi({ 'POST /me/abilities/A2/items/classroom-clip/file': { ok: true } });
  renderScreen(
    <SlotEditor abilityCode="A2" slot={slot} item={undefined} editable version={1} onChanged={() => undefined} />,
    api,
  );
  fireEvent.change(screen.getByLabelText('上传文件'), { target: { files: [file] } });
  return api;
}

describe('SlotEditor: a video’s length before upload', () => {
  it('tells the teacher a video is too long, with the limit and the fix, and sends nothing', async () => {
    browserReads = 12 * 60 + 3;
    const api = choose(new File([new Uint8Array(64)], '课堂实录.mp4', { type: 'video/mp4' }));
    await screen.findByText('“课堂实录片段”的视频为 12.1 分钟，超过上限 10 分钟。请剪辑到 10 分钟以内后再上传。');
    expect(api.calls).toEqual([]);
  });

  it('uploads a video within the limit, and one the browser cannot read (the server reads it again)', async () => {
    browserReads = 9 * 60;
    const within = choose(new File([new Uint8Array(64)], '课堂实录.mp4', { type: 'video/mp4' }));
    await waitFor(() =>
      expect(within.calls.map((c) => c.path)).toEqual(['/me/abilities/A2/items/classroom-clip/file']),
    );
    cleanup();
    browserReads = 'cannot-play';
    const unreadable = choose(new File([new Uint8Array(64)], '课堂实录.mov', { type: 'video/quicktime' }));
    await waitFor(() => expect(unreadable.calls).toHaveLength(1));
  });
});
