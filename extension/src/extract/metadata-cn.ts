/** Chinese publishing conventions the standard tags miss: WeChat articles and government/education portals. */

/** `YYYY-MM-DD HH:mm` in China time (UTC+8) for a Unix time in seconds. */
export function chinaTime(seconds: number): string {
  const d = new Date((seconds + 8 * 3600) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() || undefined;

/** A WeChat official-account article: account name, author, publish time (`var ct` in a script or `#publish_time`). */
export function readWeChat(doc: Document): { account?: string; author?: string; published?: string } {
  if (!doc.querySelector('#js_content, #activity-name, #js_name')) return {};
  let published = text(doc.querySelector('#publish_time'));
  if (!published) {
    for (const script of doc.querySelectorAll('script')) {
      const ct = /\bvar\s+ct\s*=\s*["']?(\d{9,11})["']?/.exec(script.textContent ?? '');
      if (ct?.[1]) {
        published = chinaTime(Number(ct[1]));
        break;
      }
    }
  }
  const account = text(doc.querySelector('#js_name'));
  return {
    account,
    // Without a named author the account speaks for itself.
    author: text(doc.querySelector('#js_author_name, .rich_media_meta_nickname')) ?? account,
    published,
  };
}

const DATE = /(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}):(\d{2}))?/;

/** A portal's "来源：… 发布时间：…" line, read from the first text of the page. */
export function portalLine(doc: Document): { source?: string; published?: string } {
  const head = (doc.body?.textContent ?? '').replace(/\s+/g, ' ').slice(0, 4000);
  const source = /(?:来源|信息来源|稿件来源)\s*[:：]\s*([^\s|｜【】\][]{2,40})/.exec(head)?.[1];
  const dateAt = /(?:发布时间|发布日期|发文日期|时间|日期)\s*[:：]\s*/.exec(head);
  const date = dateAt ? DATE.exec(head.slice(dateAt.index, dateAt.index + 60)) : null;
  const two = (n?: string) => (n ?? '').padStart(2, '0');
  const published = date
    ? `${date[1]}-${two(date[2])}-${two(date[3])}${date[4] ? ` ${two(date[4])}:${date[5]}` : ''}`
    : undefined;
  return { source: source?.replace(/[，,。]$/, ''), published };
}
