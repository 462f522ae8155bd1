import { useState } from 'preact/hooks';
import type { LibraryReply } from '../../../../../shared/api/extension';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { ResourceDetail } from './ResourceDetail';
import { UseAsEvidence } from './UseAsEvidence';

const KINDS = {
  page: { zh: '网页', en: 'Page' },
  selection: { zh: '摘录', en: 'Selection' },
  link: { zh: '链接', en: 'Link' },
  image: { zh: '图片', en: 'Image' },
  video: { zh: '视频', en: 'Video' },
};

/** The teacher's resource library: search, filter by tag and ability, open one (its HTML only in a sandbox). */
export function LibraryScreen() {
  const { api, lang, pick } = useApp();
  const en = lang === 'en';
  const [q, setQ] = useState('');
  const [tag, setTag] = useState('');
  const [ability, setAbility] = useState('');
  const [open, setOpen] = useState<string>();
  const query = new URLSearchParams(Object.entries({ q, tag, ability }).filter(([, v]) => v)).toString();
  const library = useResource(() => api.get<LibraryReply>(`/me/library${query ? `?${query}` : ''}`), [api, query]);
  const abilities = [...new Set(library.data?.resources.map((r) => r.abilityCode).filter(Boolean) as string[])];

  return (
    <section class="card stack" aria-labelledby="library-title">
      <h2 id="library-title">{en ? 'Resource library' : '资源库'}</h2>
      <div class="row wrap">
        <label>
          {en ? 'Search' : '搜索'} <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label>
          {en ? 'Tag' : '标签'}{' '}
          <select value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
            <option value="">{en ? 'All' : '全部'}</option>
            {library.data?.tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          {en ? 'Micro-ability' : '微能力点'}{' '}
          <input
            type="text"
            size={6}
            value={ability}
            onInput={(e) => setAbility(e.currentTarget.value.toUpperCase())}
            list="library-abilities"
          />
          <datalist id="library-abilities">
            {abilities.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
      </div>
      {library.loading && !library.data && <Loading />}
      {library.error !== undefined && <ErrorMessage error={library.error} />}
      {library.data?.resources.length === 0 && (
        <p class="muted">
          {en
            ? 'Nothing here yet. Save pages with the browser extension.'
            : '暂无资源。可用浏览器扩展把网页保存到这里。'}
        </p>
      )}
      <ul class="stack">
        {library.data?.resources.map((r) => (
          <li key={r.id}>
            <strong>{r.title}</strong> <span class="muted small">{pick(KINDS[r.kind])}</span>
            {r.abilityCode && <span class="muted small"> · {r.abilityCode}</span>}
            <div class="muted small">
              {[r.site, r.author, r.published].filter(Boolean).join(' · ')} ·{' '}
              <a href={r.url} target="_blank" rel="noopener noreferrer nofollow">
                {r.url}
              </a>
            </div>
            {r.excerpt && <p>{r.excerpt}</p>}
            {r.note && (
              <p>
                {en ? 'Evaluation: ' : '评价：'}
                {r.note}
              </p>
            )}
            {r.tags.length > 0 && <p class="muted small">#{r.tags.join(' #')}</p>}
            <button type="button" class="link" onClick={() => setOpen(open === r.id ? undefined : r.id)}>
              {open === r.id ? (en ? 'Close' : '收起') : en ? 'Open the saved copy' : '查看保存的内容'}
            </button>
            {open === r.id && <UseAsEvidence resourceId={r.id} />}
            {open === r.id && <ResourceDetail id={r.id} hasScreenshot={r.hasScreenshot} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
