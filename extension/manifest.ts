/** One manifest per browser from one description (Chrome warns about Firefox keys and the other way round). */
export type Target = 'chrome' | 'firefox';

export const GECKO_ID = 'clipper@ability-lti.cn';

export function buildManifest(
  target: Target,
  options: { version: string; testHosts?: string[] },
): Record<string, unknown> {
  const common = {
    manifest_version: 3,
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    version: options.version,
    action: { default_popup: 'popup/index.html', default_title: '__MSG_extName__' },
    options_ui: { page: 'options/index.html', open_in_tab: true },
    permissions: ['activeTab', 'scripting', 'storage', 'contextMenus', 'alarms'],
    // The tool's origin is asked for at pairing time; nothing is granted at install.
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    // Private windows: the extension does not run there, so nothing from them is ever queued or stored.
    incognito: 'not_allowed',
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+C' } },
      'quick-clip': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandQuickClip__' },
    },
    // End-to-end tests only: a headless browser cannot answer the permission prompt.
    ...(options.testHosts?.length ? { host_permissions: options.testHosts } : {}),
  };
  if (target === 'chrome') {
    return {
      ...common,
      permissions: [...common.permissions, 'sidePanel'],
      side_panel: { default_path: 'sidepanel/index.html' },
      minimum_chrome_version: '116',
      background: { service_worker: 'background.js', type: 'module' },
    };
  }
  return {
    ...common,
    background: { scripts: ['background.js'], type: 'module' },
    sidebar_action: {
      default_panel: 'sidepanel/index.html',
      default_title: '__MSG_gatherTitle__',
      // The sidebar is opened from the popup's button, not on every install.
      open_at_install: false,
    },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        // 140 (the ESR) is the first to know data_collection_permissions; 128 would make web-ext lint warn.
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['websiteContent'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}
