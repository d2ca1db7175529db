/** Hardening: request limits, sign-in protection, password rules, API tokens. */
export const zhCN = {
  'error.too_deep': '提交的 JSON 嵌套过深（最多 {max} 层）',
  'incident.impact_by_desk': '影响范围由服务台评估，报告时请只选择紧急程度',
  'auth.token_cannot_mint': 'API 令牌不能创建新的令牌，请登录后在个人设置中创建',
  'password.too_short': '密码至少需要 {min} 个字符',
  'password.too_simple': '密码至少需要 {distinct} 个不同字符，不能是简单重复',
  'password.personal': '密码不能包含本人的邮箱用户名或姓名',
  'password.common': '该密码过于常见（出现在已泄露或常用密码列表中，包括前后加数字或符号的变体），请换一个',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'error.too_deep': 'The submitted JSON is nested too deeply (at most {max} levels)',
  'incident.impact_by_desk': 'The service desk assesses the impact; when reporting, choose the urgency only',
  'auth.token_cannot_mint': 'An API token cannot create tokens; sign in and create one in your settings',
  'password.too_short': 'The password needs at least {min} characters',
  'password.too_simple': 'The password needs at least {distinct} different characters, not a simple repetition',
  'password.personal': "The password must not contain the person's e-mail name or name",
  'password.common':
    'This password is too common (it is on a list of breached or commonly used passwords, also with digits or symbols added); choose another',
};
