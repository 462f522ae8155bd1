import { useState } from 'preact/hooks';
import type { MyCertificate as Reply } from '../../../../../shared/api/certificates';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { certificateStrings } from './strings';

/** The teacher's certificate: download once the engine says the programme is met; revoked ones say so. */
export function MyCertificate() {
  const { api, lang } = useApp();
  const s = certificateStrings(lang);
  const mine = useResource(() => api.get<Reply>('/me/certificate'), [api]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  if (mine.loading && !mine.data) return <Loading />;
  if (mine.error !== undefined) return <ErrorMessage error={mine.error} onRetry={mine.reload} />;
  if (!mine.data) return null;
  const { eligible, certificate } = mine.data;

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      const url = await api.objectUrl('/me/certificate/file');
      const a = document.createElement('a');
      a.href = url;
      a.download = lang === 'en' ? 'certificate.pdf' : '结业证书.pdf';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      mine.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="certificate-heading" class="card">
      <h2 id="certificate-heading">{s.mine}</h2>
      {certificate?.status === 'revoked' ? (
        <p class="error">{s.revoked}</p>
      ) : eligible ? (
        <>
          <p>{s.ready}</p>
          <button type="button" onClick={() => void download()} disabled={busy}>
            {busy ? s.downloading : s.download}
          </button>
        </>
      ) : (
        <p class="muted">{s.notYet}</p>
      )}
      {certificate && (
        <dl class="small">
          <dt>{s.serial}</dt>
          <dd>{certificate.serialNumber}</dd>
          <dt>{s.issuedOn}</dt>
          <dd>{certificate.issuedOn}</dd>
          <dt>{s.verify}</dt>
          <dd style={{ overflowWrap: 'anywhere' }}>
            <a href={certificate.verifyUrl} target="_blank" rel="noopener noreferrer">
              {certificate.verifyUrl}
            </a>
          </dd>
        </dl>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </section>
  );
}
