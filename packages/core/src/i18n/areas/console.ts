/** The agent console: record kinds as search and the queue show them, and console errors. */
export const zhCN = {
  'console.kind.incident': '事件',
  'console.kind.request': '服务请求',
  'console.kind.problem': '问题',
  'console.kind.change': '变更',
  'console.kind.release': '发布',
  'console.view_not_found': '找不到该视图',
  'console.not_group_member': '只能共享给自己所在的支持组',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'console.kind.incident': 'Incident',
  'console.kind.request': 'Service request',
  'console.kind.problem': 'Problem',
  'console.kind.change': 'Change',
  'console.kind.release': 'Release',
  'console.view_not_found': 'The view was not found',
  'console.not_group_member': 'You can only share with a support group you belong to',
};
