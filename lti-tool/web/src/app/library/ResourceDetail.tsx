import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';

// The saved copy was sanitised on the server; it is still shown only in a sandboxed frame (no scripts, an opaque
// origin, no network but images), never inserted into this page.
const FRAME_CSP = "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'";

export function ResourceDetail({ id }: { id: string }) {
  const { api, lang } = useApp();
  const detail = useResource(
    () => api.get<{ resource: { html: string | null; text: string | null; title: string } }>(`/me/library/${id}`),
    [api, id],
  );
  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error !== undefined) return <ErrorMessage error={detail.error} />;
  const r = detail.data?.resource;
  if (!r) return null;
  if (!r.html) return <pre class="small">{r.text}</pre>;
  const doc = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><style>body{font:14px/1.6 system-ui,sans-serif;margin:8px}img{max-width:100%}</style>${r.html}`;
  return (
    <iframe
      sandbox=""
      referrerpolicy="no-referrer"
      srcdoc={doc}
      title={lang === 'en' ? `Saved copy: ${r.title}` : `保存的内容：${r.title}`}
      style={{ width: '100%', height: '360px', border: '1px solid #ddd' }}
    />
  );
}
