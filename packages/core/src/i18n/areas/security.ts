/** Hardening: request limits, sign-in protection, password rules, API tokens. */
export const zhCN = {
  'error.too_deep': '提交的 JSON 嵌套过深（最多 {max} 层）',
  'incident.impact_by_desk': '影响范围由服务台评估，报告时请只选择紧急程度',
  'auth.token_cannot_mint': 'API 令牌不能创建新的令牌，请登录后在个人设置中创建',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'error.too_deep': 'The submitted JSON is nested too deeply (at most {max} levels)',
  'incident.impact_by_desk': 'The service desk assesses the impact; when reporting, choose the urgency only',
  'auth.token_cannot_mint': 'An API token cannot create tokens; sign in and create one in your settings',
};
