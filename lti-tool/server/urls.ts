/** The addresses an institution needs, printed at start-up and shown on setup pages. Later modules add theirs. */
export interface ToolUrl {
  zh: string;
  en: string;
  url: string;
}

export function toolUrls(publicUrl: string): ToolUrl[] {
  return [{ zh: '健康检查', en: 'Health check', url: `${publicUrl}/healthz` }];
}

export function startupBanner(publicUrl: string, databaseLabel: string): string {
  const lines = [
    '',
    '能力提升工程2.0 LTI 工具已启动 / Ability programme LTI tool is running',
    `  数据库 Database: ${databaseLabel}`,
    ...toolUrls(publicUrl).map((u) => `  ${u.zh} ${u.en}: ${u.url}`),
    '',
  ];
  return lines.join('\n');
}
