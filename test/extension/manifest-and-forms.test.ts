import { clipKinds } from '../../shared/api/extension-limits';
import { libraryResourceKinds } from '../../lti-tool/server/db/schema';
import { describe, expect, it } from 'vitest';
import { buildManifest, GECKO_ID } from '../../extension/manifest';
import { buildPayload, parseTags } from '../../extension/src/popup/build-payload';
import { parsePairing } from '../../extension/src/common/pairing-link';

describe('the manifests', () => {
  it('gives Chrome a module service worker and minimal permissions', () => {
    const m = buildManifest('chrome', { version: '1.2.3' });
    expect(m).toMatchObject({
      manifest_version: 3,
      default_locale: 'zh_CN',
      version: '1.2.3',
      background: { service_worker: 'background.js', type: 'module' },
      permissions: ['activeTab', 'scripting', 'storage', 'contextMenus', 'alarms', 'sidePanel'],
      side_panel: { default_path: 'sidepanel/index.html' },
      optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
      incognito: 'not_allowed',
    });
    expect(m).not.toHaveProperty('host_permissions');
    expect(m).not.toHaveProperty('browser_specific_settings');
  });

  it('gives Firefox background scripts, a gecko id, version 140 (ESR) and the data it collects', () => {
    const m = buildManifest('firefox', { version: '1.2.3' });
    expect(m.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(m.permissions).not.toContain('sidePanel');
    expect(m.sidebar_action).toMatchObject({ default_panel: 'sidepanel/index.html', open_at_install: false });
    expect(m).not.toHaveProperty('side_panel');
    expect(m.browser_specific_settings).toEqual({
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['websiteContent'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    });
  });
});

describe('pairing links', () => {
  it('takes the origin and code from a connection link, and the permission without a port', () => {
    expect(parsePairing('https://tool.example.cn/ext/pair#k7qf-9m2x')).toEqual({
      origin: 'https://tool.example.cn',
      code: 'K7QF-9M2X',
      permission: 'https://tool.example.cn/*',
    });
    expect(parsePairing('', 'http://127.0.0.1:3000', 'ABCD1234')).toEqual({
      origin: 'http://127.0.0.1:3000',
      code: 'ABCD1234',
      permission: 'http://127.0.0.1/*',
    });
  });

  it('refuses plain http away from this machine and links without a code', () => {
    expect(parsePairing('http://tool.example.cn/ext/pair#ABCD-1234')).toBeUndefined();
    expect(parsePairing('https://tool.example.cn/ext/pair')).toBeUndefined();
    expect(parsePairing('https://tool.example.cn/elsewhere#ABCD-1234')).toBeUndefined();
    expect(parsePairing('', 'javascript:alert(1)', 'ABCD-1234')).toBeUndefined();
  });
});

describe('the clip form', () => {
  const page = {
    url: 'https://e.cn/a?utm_source=x',
    canonicalUrl: 'https://e.cn/a',
    title: '标题',
    text: '正文',
    html: '<p>正文</p>',
    selection: '选中',
    lazyImagesResolved: 0,
  };
  const form = {
    destination: 'library' as const,
    mode: 'page' as const,
    tags: '数学，导入、 数学',
    abilityCode: 'A2',
    note: ' 好 ',
    evidenceAbility: '',
    evidenceSlot: '',
  };

  it('splits tags on Chinese and Latin separators', () => {
    expect(parseTags('数学，导入、 数学,,x')).toEqual(['数学', '导入', 'x']);
  });

  it('builds a library clip with the canonical URL, or an evidence clip naming the slot', () => {
    expect(buildPayload(page, form)).toMatchObject({
      destination: 'library',
      kind: 'page',
      url: 'https://e.cn/a',
      text: '正文',
      tags: ['数学', '导入'],
      abilityCode: 'A2',
      note: '好',
    });
    const evidence = buildPayload(page, {
      ...form,
      destination: 'evidence',
      mode: 'selection',
      evidenceAbility: 'A2',
      evidenceSlot: 'reflection',
    });
    expect(evidence).toMatchObject({
      kind: 'selection',
      selection: '选中',
      evidence: { abilityCode: 'A2', slotId: 'reflection' },
    });
    expect(evidence).not.toHaveProperty('tags');
    expect(buildPayload(page, form, 'data:image/jpeg;base64,AAAA').screenshot).toBe('data:image/jpeg;base64,AAAA');
    expect(buildPayload(page, { ...form, destination: 'evidence' }, 'data:image/jpeg;base64,AAAA')).not.toHaveProperty(
      'screenshot',
    );
    expect(evidence).not.toHaveProperty('html');
  });
});

describe('the clip kinds', () => {
  it('are the library table’s kinds', () => {
    expect([...clipKinds]).toEqual([...libraryResourceKinds]);
  });
});
