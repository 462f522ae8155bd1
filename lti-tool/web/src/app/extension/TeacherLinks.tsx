import type { View } from '../navigation';
import { useApp } from '../context';

const LINKS = [
  { screen: 'home', zh: '研修进度', en: 'Progress' },
  { screen: 'library', zh: '资源库', en: 'Resource library' },
  { screen: 'extension', zh: '连接浏览器扩展', en: 'Connect browser extension' },
] as const;

/** The teacher tab's own screens: progress, the resource library, and pairing the browser extension. */
export function TeacherLinks({ view, navigate }: { view: View; navigate: (v: View) => void }) {
  const { lang } = useApp();
  if (view.tab !== 'teacher') return null;
  return (
    <nav class="row" aria-label={lang === 'en' ? 'Teacher' : '教师'}>
      {LINKS.map((l) => (
        <button
          type="button"
          key={l.screen}
          class={view.screen === l.screen ? 'link active' : 'link'}
          aria-current={view.screen === l.screen ? 'page' : undefined}
          onClick={() => navigate({ tab: 'teacher', screen: l.screen })}
        >
          {lang === 'en' ? l.en : l.zh}
        </button>
      ))}
    </nav>
  );
}
