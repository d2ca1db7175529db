/** People administration: what resetting, deactivating and unlocking a person does. */
export const zhCN = {
  'admin.user.confirmReset': '确认重置密码？',
  'admin.user.confirmDeactivate': '确认停用该用户？',
  'admin.user.cutOffWarning':
    '{name} 的所有登录会话将立即结束，其全部 API 令牌也将被吊销；使用这些令牌的集成需要由本人登录后重新创建令牌。',
  'admin.user.confirmOk': '确认',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'admin.user.confirmReset': 'Reset the password?',
  'admin.user.confirmDeactivate': 'Deactivate this person?',
  'admin.user.cutOffWarning':
    "All of {name}'s sessions end at once and all of their API tokens are revoked; integrations using those tokens need a new token, created by the person after signing in.",
  'admin.user.confirmOk': 'Confirm',
};
