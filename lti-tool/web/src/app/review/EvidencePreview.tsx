import { useEffect, useState } from 'preact/hooks';
import type { ItemView } from '../../api/types';
import { useApp } from '../context';
import { FileLink } from '../teacher/SlotEditor';

/**
 * An evidence item shown inline: text as text, images and videos from a protected object URL, links opened in a
 * new tab without a referrer, and everything else as a download. Nothing a teacher uploaded runs as HTML here.
 */
export function EvidencePreview({ item }: { item: ItemView }) {
  const { api } = useApp();
  const [src, setSrc] = useState<string>();
  const mime = item.file?.mime ?? '';
  // Only types the server sniffed from the bytes and serves inline: never HTML, so a blob frame cannot run script.
  const inline = mime.startsWith('image/') || mime.startsWith('video/') || mime === 'application/pdf';
  useEffect(() => {
    if (!item.file || !inline) return;
    let url: string | undefined;
    let live = true;
    void api.objectUrl(item.file.downloadUrl).then(
      (u) => (live ? setSrc((url = u)) : URL.revokeObjectURL(u)),
      () => undefined,
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, item.file, inline]);

  return (
    <div class="evidence">
      {item.text && <p class="prewrap">{item.text}</p>}
      {item.url && (
        <p>
          <a href={item.url} target="_blank" rel="noopener noreferrer">
            {item.url}
          </a>
        </p>
      )}
      {src && mime.startsWith('image/') && <img src={src} alt={item.file?.name ?? ''} class="preview" />}
      {src && mime.startsWith('video/') && <video src={src} controls class="preview" />}
      {src && mime === 'application/pdf' && <iframe src={src} title={item.file?.name ?? 'PDF'} class="preview pdf" />}
      {item.file && <FileLink item={item} />}
    </div>
  );
}
