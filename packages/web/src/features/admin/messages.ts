/** People administration: what resetting, deactivating and unlocking a person does. */
export const zhCN = {
  'admin.user.confirmReset': '确认重置密码？',
  'admin.user.confirmDeactivate': '确认停用该用户？',
  'admin.user.cutOffWarning':
    '{name} 的所有登录会话将立即结束，其全部 API 令牌也将被吊销；使用这些令牌的集成需要由本人登录后重新创建令牌。',
  'admin.user.confirmOk': '确认',
  'admin.user.unlock': '解除登录锁定',
  'admin.user.unlockTitle': '解除 {name} 的登录锁定？',
  'admin.user.unlockHint':
    '连续输错密码会暂时锁定来自同一网络地址的登录；多个地址同时被锁定时，新设备也无法登录。解除后立即可以再次尝试，已登录过的设备不受影响。',
  'admin.user.unlocked': '已解除 {name} 的登录锁定',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'admin.user.confirmReset': 'Reset the password?',
  'admin.user.confirmDeactivate': 'Deactivate this person?',
  'admin.user.cutOffWarning':
    "All of {name}'s sessions end at once and all of their API tokens are revoked; integrations using those tokens need a new token, created by the person after signing in.",
  'admin.user.confirmOk': 'Confirm',
  'admin.user.unlock': 'Unlock sign-in',
  'admin.user.unlockTitle': 'Unlock sign-in for {name}?',
  'admin.user.unlockHint':
    'Repeated wrong passwords lock sign-in from that network address for a while; while several addresses are locked, new devices cannot sign in either. Unlocking lets anyone try again at once; devices the person signed in from before are never held up.',
  'admin.user.unlocked': 'Sign-in for {name} unlocked',
};
