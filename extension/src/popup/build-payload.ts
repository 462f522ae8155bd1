import type { ClipKind, ClipPayload, PageExtract } from '../common/clip';

export interface ClipForm {
  destination: 'library' | 'evidence';
  mode: 'page' | 'selection' | 'link';
  tags: string;
  abilityCode: string;
  note: string;
  evidenceAbility: string;
  evidenceSlot: string;
}

/** Tags as typed: comma, Chinese comma or 、 separated, trimmed, no duplicates. */
export const parseTags = (raw: string) =>
  [
    ...new Set(
      raw
        .split(/[,，、]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, 20);

/** The clip the teacher asked for, from the page as extracted (or just its address). */
export function buildPayload(page: PageExtract, form: ClipForm, screenshot?: string): ClipPayload {
  const url = page.canonicalUrl ?? page.url;
  const kind: ClipKind =
    form.mode === 'link' ? 'link' : form.mode === 'selection' ? 'selection' : page.video ? 'video' : 'page';
  const base: ClipPayload = {
    destination: form.destination,
    kind,
    url,
    title: page.title,
    site: page.site,
    author: page.author,
    published: page.published,
    excerpt: page.excerpt,
    imageUrl: page.imageUrl,
    video: page.video,
  };
  if (form.mode === 'selection') base.selection = page.selection;
  if (form.mode === 'page') {
    base.text = page.text;
    base.html = page.html;
  }
  if (form.destination === 'library') {
    base.tags = parseTags(form.tags);
    if (form.abilityCode) base.abilityCode = form.abilityCode;
    if (form.note.trim()) base.note = form.note.trim();
    if (screenshot) base.screenshot = screenshot;
  } else {
    base.evidence = { abilityCode: form.evidenceAbility, slotId: form.evidenceSlot };
  }
  return base;
}
