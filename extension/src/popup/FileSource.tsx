import { useState } from 'preact/hooks';
import { fileProblems, looksLikePdf, pdfName } from '../common/clip-file';
import type { Slot } from '../common/messages';
import { pick, t } from '../ui/i18n';

/** Where a file slot's file comes from: the PDF open in this tab, or a file from the computer. */
export type FileChoice = { kind: 'pdf'; url: string; name: string } | { kind: 'local'; file: File } | undefined;

export function FileSource(props: { slot: Slot; pageUrl: string; onChange: (choice: FileChoice) => void }) {
  const pdf = looksLikePdf(props.pageUrl);
  const [problems, setProblems] = useState<string[]>([]);
  const accept = props.slot.limits.extensions?.map((e) => `.${e}`).join(',');
  return (
    <div data-testid="file-source">
      {pdf && (
        <label>
          <input
            type="radio"
            name="file-source"
            data-testid="file-from-pdf"
            onChange={() => {
              const name = pdfName(props.pageUrl);
              const found = fileProblems(props.slot, { name, size: 0 }).map(pick);
              setProblems(found);
              props.onChange(found.length ? undefined : { kind: 'pdf', url: props.pageUrl, name });
            }}
          />{' '}
          {t('fileFromPdf', pdfName(props.pageUrl))}
        </label>
      )}
      <label for="file-local">{t('fileFromComputer')}</label>
      <input
        id="file-local"
        type="file"
        accept={accept}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          const found = file ? fileProblems(props.slot, file).map(pick) : [];
          setProblems(found);
          props.onChange(file && !found.length ? { kind: 'local', file } : undefined);
        }}
      />
      {problems.length > 0 && (
        <ul class="error" role="alert" data-testid="file-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
