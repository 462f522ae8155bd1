/**
 * A video's length in minutes as the browser reads it from the file's metadata, before anything is uploaded; undefined
 * when the browser cannot play the format (WMV, FLV in most browsers) or the file does not say (a live WebM reports
 * Infinity). The server reads the length from the container again on upload, so this is only a courtesy.
 */
export function videoMinutesOf(file: File, giveUpAfterMs = 15_000): Promise<number | undefined> {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    const finish = (minutes: number | undefined) => {
      clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
      resolve(minutes);
    };
    // A browser that neither loads nor fails (a huge file on a slow disk) must not hold the upload back.
    const timer = setTimeout(() => finish(undefined), giveUpAfterMs);
    video.preload = 'metadata';
    video.muted = true;
    video.onloadedmetadata = () =>
      finish(Number.isFinite(video.duration) && video.duration > 0 ? video.duration / 60 : undefined);
    video.onerror = () => finish(undefined);
    video.src = url;
  });
}
