import { toolEndpoints } from './lti/tool-endpoints';

/** The addresses an institution needs, printed at start-up and shown on the setup page. */
export interface ToolUrl {
  zh: string;
  en: string;
  url: string;
}

export function toolUrls(publicUrl: string): ToolUrl[] {
  const lti = toolEndpoints(publicUrl);
  return [
    { zh: '工具地址（Tool URL / 重定向 URI）', en: 'Tool URL and redirection URI', url: lti.launchUrl },
    { zh: '登录发起地址', en: 'Initiate login URL', url: lti.loginUrl },
    { zh: '公钥集地址', en: 'Public keyset URL', url: lti.jwksUrl },
    { zh: '内容选择地址（深度链接）', en: 'Content selection URL (deep linking)', url: lti.deepLinkingUrl },
    { zh: '健康检查', en: 'Health check', url: `${publicUrl}/healthz` },
    { zh: '配置说明页', en: 'Setup page', url: `${publicUrl}/lti/setup` },
  ];
}

export function startupBanner(publicUrl: string, databaseLabel: string): string {
  const lines = [
    '',
    '能力提升工程2.0 LTI 工具已启动 / Ability programme LTI tool is running',
    `  数据库 Database: ${databaseLabel}`,
    ...toolUrls(publicUrl).map((u) => `  ${u.zh} · ${u.en}: ${u.url}`),
    '',
  ];
  return lines.join('\n');
}
