// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { MyCertificate as Reply } from '../../../../../shared/api/certificates';
import { fakeApi, renderScreen } from '../../testing/render-screen';
import { MyCertificate } from './MyCertificate';

afterEach(cleanup);

const issued = (status: 'valid' | 'revoked'): NonNullable<Reply['certificate']> => ({
  serialNumber: 'HN-2026-000123',
  issuedOn: '2026-12-01',
  hours: 50,
  grade: 'pass',
  status,
  verifyUrl: 'https://tool.example.cn/verify/abcdefghijklmnopqrstuvwx',
});

describe('MyCertificate', () => {
  it('tells a teacher who has not met the programme what is needed, with no download', async () => {
    renderScreen(
      <MyCertificate />,
      fakeApi({ 'GET /me/certificate': { eligible: false, state: 'in_progress', certificate: null } }),
    );
    await screen.findByText('达到结业要求（学时与能力点考核）后，可在这里下载结业证书。');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('downloads the PDF of an eligible teacher and shows the serial number and verification link', async () => {
    URL.revokeObjectURL = () => undefined;
    const api = fakeApi({
      'GET /me/certificate': { eligible: true, state: 'certified', certificate: issued('valid') },
    });
    renderScreen(<MyCertificate />, api);
    fireEvent.click(await screen.findByRole('button', { name: '下载结业证书' }));
    await waitFor(() => expect(api.calls.map((c) => c.path)).toContain('/me/certificate/file'));
    expect(screen.getByText('HN-2026-000123')).toBeDefined();
    expect(screen.getByRole('link').getAttribute('href')).toBe(issued('valid').verifyUrl);
  });

  it('says a revoked certificate was revoked and offers no download', async () => {
    const api = fakeApi({
      'GET /me/certificate': { eligible: true, state: 'certified', certificate: issued('revoked') },
    });
    renderScreen(<MyCertificate />, api);
    await screen.findByText('该证书已被区县撤销。如有疑问，请联系区县教师发展中心。');
    expect(screen.queryByRole('button', { name: '下载结业证书' })).toBeNull();
  });
});
