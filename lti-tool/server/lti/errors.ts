import type { Language } from '../../../shared/errors';

/**
 * Why a login, launch or service call was refused. Each code has a message a teacher or an LMS administrator can act
 * on; the technical detail goes to the log and, for administrators, to the error page.
 */
export const LTI_ERRORS = {
  unregistered_platform: {
    status: 400,
    zh: '此学习平台尚未在本工具中注册，请联系管理员完成 LTI 注册。',
    en: 'This learning platform is not registered with the tool. Ask your administrator to register it.',
  },
  ambiguous_client: {
    status: 400,
    zh: '该平台有多个注册，登录请求缺少 client_id。',
    en: 'Several registrations share this issuer and the login request has no client_id.',
  },
  platform_disabled: {
    status: 403,
    zh: '此平台的注册已停用，请联系管理员。',
    en: 'This platform registration is disabled. Contact your administrator.',
  },
  unknown_deployment: {
    status: 403,
    zh: '此课程所属的部署（deployment）未在本工具中注册。',
    en: 'The deployment this launch comes from is not registered with the tool.',
  },
  invalid_login_request: {
    status: 400,
    zh: '登录请求缺少必需的参数。',
    en: 'The login request is missing required parameters.',
  },
  target_not_allowed: {
    status: 400,
    zh: '登录请求的目标地址不属于本工具。',
    en: 'The login request targets an address outside this tool.',
  },
  state_invalid: {
    status: 401,
    zh: '登录状态无效或已过期，请返回课程页面重新打开本工具。',
    en: 'The login state is invalid or has expired. Go back to the course and open the tool again.',
  },
  state_not_bound: {
    status: 401,
    zh: '浏览器阻止了本工具在课程页中保存登录状态。请点击“在新窗口中打开”。',
    en: 'Your browser blocked the tool from keeping its login state inside the course page. Use "Open in a new window".',
  },
  platform_error: {
    status: 400,
    zh: '学习平台拒绝了登录请求。',
    en: 'The learning platform refused the login request.',
  },
  token_missing: { status: 400, zh: '缺少 id_token。', en: 'The id_token is missing.' },
  token_too_large: { status: 413, zh: 'id_token 过大。', en: 'The id_token is too large.' },
  token_malformed: { status: 400, zh: 'id_token 格式不正确。', en: 'The id_token is malformed.' },
  algorithm_not_allowed: {
    status: 401,
    zh: 'id_token 使用了不被接受的签名算法。',
    en: 'The id_token uses a signing algorithm the tool does not accept.',
  },
  kid_missing: { status: 401, zh: 'id_token 缺少密钥标识（kid）。', en: 'The id_token has no key id (kid).' },
  unknown_key: {
    status: 401,
    zh: '找不到与 id_token 匹配的平台公钥。',
    en: "No platform key matches the id_token's key id.",
  },
  keys_unavailable: {
    status: 502,
    zh: '暂时无法获取学习平台的公钥，请稍后再试。',
    en: "The platform's public keys could not be fetched. Try again shortly.",
  },
  bad_signature: { status: 401, zh: 'id_token 签名无效。', en: 'The id_token signature is not valid.' },
  token_expired: {
    status: 401,
    zh: 'id_token 已过期，请返回课程页面重新打开本工具（请检查服务器时间）。',
    en: 'The id_token has expired. Open the tool again from the course (and check the server clock).',
  },
  token_from_future: {
    status: 401,
    zh: 'id_token 的签发时间晚于当前时间（请检查服务器时间）。',
    en: 'The id_token was issued in the future (check the server clock).',
  },
  token_too_old: { status: 401, zh: 'id_token 签发时间过早。', en: 'The id_token was issued too long ago.' },
  wrong_issuer: { status: 401, zh: 'id_token 的签发方不符。', en: 'The id_token issuer does not match.' },
  wrong_audience: {
    status: 401,
    zh: 'id_token 的受众（aud）不是本工具。',
    en: 'The id_token audience is not this tool.',
  },
  claims_invalid: {
    status: 400,
    zh: 'LTI 消息缺少必需的声明或其取值无效。',
    en: 'The LTI message is missing required claims or has invalid values.',
  },
  nonce_mismatch: {
    status: 401,
    zh: 'id_token 的 nonce 与本次登录不符（可能是重放攻击）。',
    en: 'The id_token nonce does not match this login (possible replay).',
  },
  target_link_mismatch: {
    status: 400,
    zh: 'id_token 的目标地址与登录请求不一致。',
    en: 'The id_token target link URI differs from the login request.',
  },
  anonymous_launch: {
    status: 403,
    zh: '本工具需要识别用户身份，不支持匿名启动。',
    en: 'The tool needs to know who you are; anonymous launches are not supported.',
  },
  message_not_supported: {
    status: 400,
    zh: '本工具不支持此类型的 LTI 消息。',
    en: 'The tool does not support this LTI message type.',
  },
} as const;

export type LtiErrorCode = keyof typeof LTI_ERRORS;

export class LtiError extends Error {
  readonly status: number;
  constructor(
    readonly code: LtiErrorCode,
    /** Technical detail for logs and administrators; never shown to a learner as the main message. */
    readonly detail?: string,
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'LtiError';
    this.status = LTI_ERRORS[code].status;
  }

  localisedMessage(lang: Language): string {
    return lang === 'en' ? LTI_ERRORS[this.code].en : LTI_ERRORS[this.code].zh;
  }
}
