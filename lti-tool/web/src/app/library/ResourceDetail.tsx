import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import type { ResourceDetailReply } from '../../../../../shared/api/extension';

// The saved copy was sanitised on the server; it is still shown only in a sandboxed frame (no scripts, an opaque
// origin, no network but images), never inserted into this page.
const FRAME_CSP = "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'";

/** The screenshot needs the bearer token, so it comes as an object URL, not a plain link. */
function Screenshot({ id, title }: { id: string; title: string }) {
  const { api, lang } = useApp();
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let objectUrl: string | undefined;
    api.objectUrl(`/api/v1/me/library/${id}/screenshot`).then(
      (u) => setUrl((objectUrl = u)),
      () => undefined,
    );
    return () => objectUrl && URL.revokeObjectURL(objectUrl);
  }, [api, id]);
  return url ? (
    <img src={url} alt={lang === 'en' ? `Screenshot: ${title}` : `截图：${title}`} style={{ maxWidth: '100%' }} />
  ) : null;
}

export function ResourceDetail({ id, hasScreenshot = false }: { id: string; hasScreenshot?: boolean }) {
  const { api, lang } = useApp();
  const detail = useResource(() => api.get<ResourceDetailReply>(`/me/library/${id}`), [api, id]);
  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error !== undefined) return <ErrorMessage error={detail.error} />;
  const r = detail.data?.resource;
  if (!r) return null;
  const shot = hasScreenshot ? <Screenshot id={id} title={r.title} /> : null;
  if (!r.html)
    return (
      <div>
        {shot}
        <pre class="small">{r.text}</pre>
      </div>
    );
  const doc = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><style>body{font:14px/1.6 system-ui,sans-serif;margin:8px}img{max-width:100%}</style>${r.html}`;
  return (
    <div>
      {shot}
      <iframe
        sandbox=""
        referrerpolicy="no-referrer"
        srcdoc={doc}
        title={lang === 'en' ? `Saved copy: ${r.title}` : `保存的内容：${r.title}`}
        style={{ width: '100%', height: '360px', border: '1px solid #ddd' }}
      />
    </div>
  );
}
