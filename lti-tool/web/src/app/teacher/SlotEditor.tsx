import { useState } from 'preact/hooks';
import { EVIDENCE_TEXT_MAX } from '../../../../../shared/api/teacher';
import { checkSlotLimits } from '../../../../../shared/domain/engine/evidence';
import type { EvidenceSlot } from '../../../../../shared/domain/schemas/catalogue';
import type { ItemView } from '../../api/types';
import { ErrorMessage, GradeBadge } from '../../components/status';
import { useApp } from '../context';
import { videoMinutesOf } from './video-length';

const FILE_KINDS = new Set(['document', 'slides', 'video', 'image']);

/** Sizes as people read them: 512 KB, 25.0 MB (one decimal, never 26214400 bytes). */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function requirementText(slot: EvidenceSlot, en: boolean): string {
  const parts: string[] = [];
  const l = slot.limits;
  if (l.extensions?.length) parts.push(`${en ? 'formats' : '格式'} ${l.extensions.join('/')}`);
  if (l.maxSizeMb) parts.push(`${en ? 'up to' : '不超过'} ${l.maxSizeMb.toFixed(1)} MB`);
  if (l.maxVideoMinutes) parts.push(`${en ? 'video up to' : '视频不超过'} ${l.maxVideoMinutes} ${en ? 'min' : '分钟'}`);
  if (l.minCharacters) parts.push(`${en ? 'at least' : '不少于'} ${l.minCharacters} ${en ? 'characters' : '字'}`);
  return parts.join('；');
}

/**
 * One evidence slot: what it needs, what was given, and a way to give it. Files are checked against the slot's
 * limits before they are sent (wrong format and size are the commonest rejections), then uploaded with progress.
 */
export function SlotEditor(props: {
  abilityCode: string;
  slot: EvidenceSlot;
  item: ItemView | undefined;
  editable: boolean;
  version: number | undefined;
  onChanged: () => void;
}) {
  const { slot, item, editable } = props;
  const { api, pick, lang } = useApp();
  const en = lang === 'en';
  const [text, setText] = useState(item?.text ?? '');
  const [url, setUrl] = useState(item?.url ?? '');
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [progress, setProgress] = useState<number>();
  const [savedAt, setSavedAt] = useState<number>();
  const path = `/me/abilities/${props.abilityCode}/items/${slot.id}`;

  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      // A success clears what an earlier attempt complained about.
      setProblems([]);
      setSavedAt(Date.now());
      props.onChanged();
    } catch (err) {
      setError(err);
    }
  }

  async function checkFile(file: File): Promise<string[]> {
    const extension = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
    const max = slot.limits.maxVideoMinutes;
    // The length only where the slot limits it and the browser can read it; the server checks again on upload.
    const videoMinutes = slot.kind === 'video' && max !== undefined ? await videoMinutesOf(file) : undefined;
    const found = checkSlotLimits(slot, {
      slotId: slot.id,
      provided: true,
      file: { extension, sizeMb: file.size / (1024 * 1024), ...(videoMinutes === undefined ? {} : { videoMinutes }) },
    });
    return found.map((m) =>
      m.key === 'evidence.too-long'
        ? `${pick(m)}${en ? `: trim it to ${max} minutes or less, then upload it.` : `。请剪辑到 ${max} 分钟以内后再上传。`}`
        : pick(m),
    );
  }

  async function onFile(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const found = await checkFile(file);
    setProblems(found);
    if (found.length > 0) {
      input.value = '';
      return;
    }
    setProgress(0);
    await run(() => api.upload(`${path}/file`, file, setProgress));
    setProgress(undefined);
    input.value = '';
  }

  const characters = [...text.trim()].length;
  const tooLong = characters > EVIDENCE_TEXT_MAX;
  const max = EVIDENCE_TEXT_MAX.toLocaleString('en');
  const saveText = () =>
    tooLong
      ? setProblems([
          en
            ? `"${pick(slot.name)}" holds at most ${max} characters (now ${characters.toLocaleString('en')}): shorten it, then save.`
            : `“${pick(slot.name)}”最多 ${max} 字（当前 ${characters.toLocaleString('en')} 字），请删减后再保存。`,
        ])
      : void run(() => api.send('PUT', path, { text }));
  const id = `slot-${slot.id}`;
  return (
    <fieldset class="card slot" aria-describedby={`${id}-req`}>
      <legend>
        {pick(slot.name)} {slot.required ? <span class="warn small">{en ? '(required)' : '（必交）'}</span> : null}
      </legend>
      <p id={`${id}-req`} class="small muted">
        {requirementText(slot, en)}
        {slot.note ? ` · ${pick(slot.note)}` : ''}
      </p>
      {item?.grades.school && (
        <p class="small">
          <GradeBadge grade={item.grades.school.grade} /> {item.grades.school.comment}
        </p>
      )}
      {item?.returnReason && (
        <p class="notice error small" role="alert">
          {en ? 'Returned: ' : '退回原因：'}
          {item.returnReason}
        </p>
      )}
      {item?.file && <FileLink item={item} />}
      {FILE_KINDS.has(slot.kind) && editable && (
        <div>
          <label for={`${id}-file`}>
            {item?.file ? (en ? 'Replace the file' : '更换文件') : en ? 'Upload a file' : '上传文件'}
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept={slot.limits.extensions?.map((e) => `.${e}`).join(',')}
            onChange={(e) => void onFile(e)}
          />
          {progress !== undefined && (
            <progress max={1} value={progress} aria-label={en ? 'Upload progress' : '上传进度'}>
              {Math.round(progress * 100)}%
            </progress>
          )}
        </div>
      )}
      {(slot.kind === 'link' || slot.kind === 'video') && editable && (
        <div>
          <label for={`${id}-url`}>
            {slot.kind === 'video' ? (en ? 'Or a link to the video' : '或填写视频链接') : en ? 'Link' : '链接'}
          </label>
          <div class="row">
            <input
              id={`${id}-url`}
              type="url"
              value={url}
              placeholder="https://"
              onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
            />
            <button
              type="button"
              class="secondary"
              disabled={!url}
              aria-describedby={url ? undefined : `${id}-url-why`}
              onClick={() => void run(() => api.send('PUT', path, { url }))}
            >
              {en ? 'Save' : '保存'}
            </button>
          </div>
          {!url && (
            <p id={`${id}-url-why`} class="muted small">
              {en ? 'Paste a link starting with https:// to save it.' : '粘贴以 https:// 开头的链接后即可保存。'}
            </p>
          )}
        </div>
      )}
      {!editable && item?.url && (
        <p>
          <a href={item.url} target="_blank" rel="noopener noreferrer">
            {item.url}
          </a>
        </p>
      )}
      {slot.kind === 'text' &&
        (editable ? (
          <div>
            <label for={`${id}-text`}>{pick(slot.name)}</label>
            <textarea
              id={`${id}-text`}
              value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              // Drafts save as you go: leaving the box keeps what was typed, even without the button.
              onBlur={() => {
                if (text.trim() && text !== (item?.text ?? '')) saveText();
              }}
            />
            <div class="row spread small">
              <span
                class={
                  tooLong || (slot.limits.minCharacters && characters < slot.limits.minCharacters) ? 'warn' : 'muted'
                }
              >
                {characters}
                {slot.limits.minCharacters ? ` / ${slot.limits.minCharacters}` : ''} {en ? 'characters' : '字'}
                {tooLong ? (en ? ` (at most ${max})` : `（最多 ${max} 字）`) : ''}
              </span>
              <button
                type="button"
                class="secondary"
                disabled={!text.trim()}
                aria-describedby={text.trim() ? undefined : `${id}-text-why`}
                onClick={saveText}
              >
                {en ? 'Save draft' : '保存草稿'}
              </button>
            </div>
            {!text.trim() && (
              <p id={`${id}-text-why`} class="muted small">
                {en ? 'Type the text above to save a draft.' : '在上方输入内容后即可保存草稿。'}
              </p>
            )}
          </div>
        ) : (
          item?.text && <p class="prewrap">{item.text}</p>
        ))}
      {problems.length > 0 && (
        <ul class="notice error small" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {savedAt && !error && (
        <p class="ok small" role="status">
          {en ? 'Saved' : '已保存'}
        </p>
      )}
    </fieldset>
  );
}

/** Opens a stored file with the session's token (evidence is never a public link). */
export function FileLink({ item }: { item: ItemView }) {
  const { api, lang } = useApp();
  const [error, setError] = useState<unknown>();
  if (!item.file) return null;
  const file = item.file;
  async function open() {
    try {
      const url = await api.objectUrl(file.downloadUrl);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name ?? 'evidence';
      a.rel = 'noopener';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <p class="small">
      <button type="button" class="link" onClick={() => void open()}>
        {file.name ?? (lang === 'en' ? 'file' : '文件')}
      </button>{' '}
      <span class="muted">({formatSize(file.sizeBytes)})</span>
      {error !== undefined && <ErrorMessage error={error} />}
    </p>
  );
}
