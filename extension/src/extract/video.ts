import { isType, type PageMetadata } from './metadata';

const VIDEO_HOSTS: [RegExp, string][] = [
  [/(^|\.)youtube\.com$|(^|\.)youtu\.be$/, 'YouTube'],
  [/(^|\.)bilibili\.com$/, 'Bilibili'],
  [/(^|\.)vimeo\.com$/, 'Vimeo'],
  [/(^|\.)v\.qq\.com$/, '腾讯视频'],
  [/(^|\.)ixigua\.com$/, '西瓜视频'],
  [/(^|\.)smartedu\.cn$/, '国家中小学智慧教育平台'],
];

/** ISO 8601 durations (`PT1H2M3S`) as seconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const m = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(value.trim());
  if (!m || value.trim() === 'P' || value.trim() === 'PT') return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/**
 * Whether this is a video page (og:type video.*, a schema.org VideoObject, or a known video host) and what it says
 * about the video. Never downloads media.
 */
export function detectVideo(doc: Document, pageUrl: string, metadata: PageMetadata) {
  const object = metadata.jsonLd.find((o) => isType(o, 'VideoObject'));
  const host = (() => {
    try {
      return new URL(pageUrl).hostname;
    } catch {
      return '';
    }
  })();
  const known = VIDEO_HOSTS.find(([re]) => re.test(host))?.[1];
  const ogVideo = metadata.type?.startsWith('video') ?? false;
  if (!object && !ogVideo && !known) return undefined;
  const durationMeta = doc
    .querySelector('meta[property="video:duration"], meta[property="og:video:duration"], meta[itemprop="duration"]')
    ?.getAttribute('content');
  const element = doc.querySelector('video');
  const elementDuration =
    element && Number.isFinite(element.duration) && element.duration > 0 ? element.duration : undefined;
  const durationSeconds = parseDuration(object?.duration) ?? parseDuration(durationMeta) ?? elementDuration;
  const thumbnail = typeof object?.thumbnailUrl === 'string' ? object.thumbnailUrl : metadata.image;
  const currentTime = element && element.currentTime > 0 ? Math.floor(element.currentTime) : undefined;
  return {
    provider: known ?? metadata.site,
    durationSeconds,
    thumbnail,
    currentTime,
  };
}
